import { Link } from "wouter";
import { useConnection } from "../api/connection.js";
import { useData } from "../api/use-data.js";
import { ErrorNote } from "../components/error-note.js";
import { formatTime } from "../components/format.js";

/** Registered flows, the latest revision of each. */
export function FlowsPage() {
  const { client } = useConnection();
  const flows = useData(() => client.flows.list(), [client]);
  return (
    <>
      <h1>Flows</h1>
      {flows.error === undefined ? null : <ErrorNote error={flows.error} />}
      {flows.data?.length === 0 ? (
        <p className="muted">
          No flows are registered: add one with <code>wasmflow flow add my.flow.json</code>.
        </p>
      ) : null}
      <div className="table-scroll">
        <table aria-busy={flows.loading}>
          <thead>
            <tr>
              <th scope="col">Flow</th>
              <th scope="col">Version</th>
              <th scope="col">Steps</th>
              <th scope="col">Description</th>
              <th scope="col">Registered</th>
            </tr>
          </thead>
          <tbody>
            {(flows.data ?? []).map((flow) => (
              <tr key={flow.name}>
                <td>
                  <Link href={`/flows/${encodeURIComponent(flow.name)}`}>{flow.name}</Link>
                  <span className="muted">@{flow.revision}</span>
                </td>
                <td>{flow.version}</td>
                <td>{flow.definition.steps.length}</td>
                <td>{flow.definition.description ?? ""}</td>
                <td>{formatTime(flow.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
