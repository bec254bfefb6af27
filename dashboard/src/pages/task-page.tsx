import { useMemo, useState } from "react";
import { useConnection } from "../api/connection.js";
import { useData } from "../api/use-data.js";
import { type Issue, type ModuleInfo, type RunResult, WasmflowError } from "../api/wasmflow.js";
import { CodeBlock, json } from "../components/code-block.js";
import { ErrorNote } from "../components/error-note.js";
import { formatDuration, formatTime } from "../components/format.js";
import { taskInputType } from "../forms/input-types.js";
import { ValueForm } from "../forms/value-form.js";

/** A task: its definition, types, limits, revisions, module and its inspection; and "try it". */
export function TaskPage({ reference }: { readonly reference: string }) {
  const { client } = useConnection();
  const shown = useData(() => client.tasks.show(reference), [client, reference]);
  if (shown.data === undefined) {
    return shown.error === undefined ? <p className="page-status">Loading task…</p> : <ErrorNote error={shown.error} />;
  }
  const { task, module, revisions } = shown.data;
  const { definition } = task;
  return (
    <>
      <h1>
        {task.name}
        <span className="muted">@{task.revision}</span>
      </h1>
      {definition.description === undefined ? null : <p>{definition.description}</p>}
      <div className="split">
        <section aria-label="Definition">
          <dl className="kv">
            <dt>Version</dt>
            <dd>{task.version}</dd>
            <dt>ABI</dt>
            <dd>
              {task.abi}, export <code>{definition.export ?? "run"}</code>
            </dd>
            <dt>Input</dt>
            <dd>
              <code>{JSON.stringify(definition.input)}</code>
            </dd>
            <dt>Output</dt>
            <dd>
              <code>{JSON.stringify(definition.output)}</code>
            </dd>
            <dt>Limits</dt>
            <dd>
              <code>{JSON.stringify(definition.limits ?? {})}</code>
            </dd>
            <dt>Revisions</dt>
            <dd>{revisions.join(", ")}</dd>
            <dt>Registered</dt>
            <dd>{formatTime(task.createdAt)}</dd>
            <dt>Module</dt>
            <dd>
              <code data-testid="module-hash">{task.moduleHash}</code>, {module.size} bytes
            </dd>
          </dl>
          <ModuleInspection module={module} />
        </section>
        <TryIt reference={`${task.name}@${task.revision}`} definitionInput={shown.data} />
      </div>
    </>
  );
}

function ModuleInspection({ module }: { readonly module: ModuleInfo }) {
  return (
    <>
      <h2>Imports</h2>
      <EntryList entries={module.imports.map((entry) => ({ ...entry, name: `${entry.module}.${entry.name}` }))} />
      <h2>Exports</h2>
      <EntryList entries={module.exports} />
      <h2>Memories</h2>
      <ul>
        {module.memories.map((memory, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: memories are named by their index.
          <li key={index}>
            memory {index}: {limits(memory)}
          </li>
        ))}
      </ul>
    </>
  );
}

type Entry = ModuleInfo["imports"][number] | ModuleInfo["exports"][number];

/** Imports or exports: each name with its kind, and a function's signature or a memory's limits. */
function EntryList({ entries }: { readonly entries: readonly Entry[] }) {
  return (
    <ul>
      {entries.map((entry) => (
        <li key={entry.name}>
          <code>{entry.name}</code>{" "}
          <span className="muted">
            {entry.kind}
            {entry.kind === "func" ? ` ${signature(entry.type)}` : ""}
            {entry.kind === "memory" ? ` ${limits(entry.type)}` : ""}
          </span>
        </li>
      ))}
    </ul>
  );
}

function signature(type: { readonly params: readonly string[]; readonly results: readonly string[] }): string {
  return `(${type.params.join(", ")}) → (${type.results.join(", ")})`;
}

function limits(memory: { readonly initial: number; readonly maximum?: number }): string {
  return `${memory.initial} to ${memory.maximum ?? "no maximum of"} pages of 64 KiB`;
}

/** Runs the task once from a form generated from its input type, and shows output, logs and timings. */
function TryIt({
  reference,
  definitionInput,
}: {
  readonly reference: string;
  readonly definitionInput: { readonly task: Parameters<typeof taskInputType>[0] };
}) {
  const { client, forbidden } = useConnection();
  const type = useMemo(() => taskInputType(definitionInput.task), [definitionInput.task]);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<RunResult>();
  const [failure, setFailure] = useState<{ readonly error: WasmflowError; readonly issues: readonly Issue[] }>();
  const refused = forbidden("run");
  const run = async (input: unknown) => {
    setBusy(true);
    setFailure(undefined);
    setResult(undefined);
    try {
      setResult(await client.tasks.run(reference, input));
    } catch (error) {
      const known =
        error instanceof WasmflowError ? error : new WasmflowError("INTERNAL", String((error as Error).message));
      setFailure({ error: known, issues: known.issues });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="try-heading">
      <h2 id="try-heading">Try it</h2>
      <ValueForm
        idPrefix="task-input"
        type={type}
        submitLabel="Run once"
        busy={busy}
        {...(refused === undefined ? {} : { disabledReason: `Running a task ${refused}.` })}
        {...(failure === undefined
          ? {}
          : { serverIssues: failure.issues, serverError: `${failure.error.code}: ${failure.error.message}` })}
        onSubmit={run}
      />
      {failure === undefined ? null : <ErrorNote error={failure.error} />}
      {result === undefined ? null : (
        <div data-testid="try-result">
          <h3>Output</h3>
          <CodeBlock label="Output" testId="try-output">
            {json(result.output)}
          </CodeBlock>
          <p className="muted">
            instantiate {formatDuration(result.timings.instantiateUs / 1000)} · call{" "}
            {formatDuration(result.timings.callUs / 1000)} · total {formatDuration(result.timings.totalMs)}
          </p>
          <h3>Logs</h3>
          {result.logs.length === 0 ? (
            <p className="muted">No logs.</p>
          ) : (
            <CodeBlock label="Guest logs" testId="try-logs">
              {result.logs.map((log) => `${log.level.padEnd(5)} ${log.message}`).join("\n")}
            </CodeBlock>
          )}
        </div>
      )}
    </section>
  );
}
