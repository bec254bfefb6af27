import { Link } from "wouter";
import { useConnection } from "../api/connection.js";
import { useData } from "../api/use-data.js";
import { ErrorNote } from "../components/error-note.js";
import { formatTime } from "../components/format.js";

/** Registered tasks, the latest revision of each. */
export function TasksPage() {
  const { client } = useConnection();
  const tasks = useData(() => client.tasks.list(), [client]);
  return (
    <>
      <h1>Tasks</h1>
      {tasks.error === undefined ? null : <ErrorNote error={tasks.error} />}
      {tasks.data?.length === 0 ? (
        <p className="muted">
          No tasks are registered: add them with <code>wasmflow task add</code>.
        </p>
      ) : null}
      <div className="table-scroll">
        <table aria-busy={tasks.loading}>
          <thead>
            <tr>
              <th scope="col">Task</th>
              <th scope="col">Version</th>
              <th scope="col">ABI</th>
              <th scope="col">Module</th>
              <th scope="col">Description</th>
              <th scope="col">Registered</th>
            </tr>
          </thead>
          <tbody>
            {(tasks.data ?? []).map((task) => (
              <tr key={task.name}>
                <td>
                  <Link href={`/tasks/${encodeURIComponent(task.name)}`}>{task.name}</Link>
                  <span className="muted">@{task.revision}</span>
                </td>
                <td>{task.version}</td>
                <td>{task.abi}</td>
                <td>
                  <code title={task.moduleHash}>{task.moduleHash.slice(0, 12)}</code>{" "}
                  <span className="muted">{(task.moduleSize / 1024).toFixed(1)} KiB</span>
                </td>
                <td>{task.definition.description ?? ""}</td>
                <td>{formatTime(task.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
