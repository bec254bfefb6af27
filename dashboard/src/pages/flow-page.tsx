import { useEffect, useMemo, useState } from "react";
import { Link, useLocation } from "wouter";
import { useConnection } from "../api/connection.js";
import { useData } from "../api/use-data.js";
import { type Issue, WasmflowError } from "../api/wasmflow.js";
import { CodeBlock, json } from "../components/code-block.js";
import { ErrorNote } from "../components/error-note.js";
import { flowInputType } from "../forms/input-types.js";
import { ValueForm } from "../forms/value-form.js";
import { FlowGraph } from "../graph/flow-graph.js";
import { graphModelOf } from "../graph/graph-model.js";
import { warmLayout } from "../graph/layout.js";

/** A flow: its graph with the types its edges carry, its analysis, and a form to start a run. */
export function FlowPage({ reference }: { readonly reference: string }) {
  const { client, forbidden } = useConnection();
  const [, navigate] = useLocation();
  useEffect(() => void warmLayout(), []);
  const shown = useData(() => client.flows.show(reference), [client, reference]);
  const model = useMemo(() => (shown.data === undefined ? undefined : graphModelOf(shown.data)), [shown.data]);
  const inputType = useMemo(
    () => (shown.data === undefined ? undefined : flowInputType(shown.data.flow)),
    [shown.data],
  );
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ readonly issues: readonly Issue[]; readonly message: string }>();
  if (shown.data === undefined) {
    return shown.error === undefined ? <p className="page-status">Loading flow…</p> : <ErrorNote error={shown.error} />;
  }
  const { flow, graph } = shown.data;
  const start = async (input: unknown) => {
    setBusy(true);
    setFailure(undefined);
    try {
      const started = await client.flows.start(`${flow.name}@${flow.revision}`, input);
      navigate(`/runs/${encodeURIComponent(started.id)}`);
    } catch (error) {
      const known = error instanceof WasmflowError ? error : undefined;
      setFailure({
        issues: known?.issues ?? [],
        message: known === undefined ? String(error) : `${known.code}: ${known.message}`,
      });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <h1>
        {flow.name}
        <span className="muted">@{flow.revision}</span>
      </h1>
      {flow.definition.description === undefined ? null : <p>{flow.definition.description}</p>}
      <p className="actions">
        <Link href={`/runs?flow=${encodeURIComponent(flow.name)}`}>Runs of this flow</Link>
        <span className="muted">
          version {flow.version} · {graph.steps.length} steps · {graph.paths.length}
          {graph.pathsTruncated ? "+" : ""} paths
        </span>
      </p>
      <div className="split">
        <section aria-label="Flow graph">
          <div className="graph-box">
            {model === undefined ? null : <FlowGraph model={model} label={`Steps of flow ${flow.name}`} />}
          </div>
        </section>
        <section aria-labelledby="start-heading">
          <h2 id="start-heading">Start a run</h2>
          {inputType === undefined ? null : (
            <ValueForm
              idPrefix="flow-input"
              type={inputType}
              initial={flow.definition.initial}
              submitLabel="Start run"
              busy={busy}
              {...(forbidden("run") === undefined ? {} : { disabledReason: `Starting a run ${forbidden("run")}.` })}
              {...(failure === undefined ? {} : { serverIssues: failure.issues, serverError: failure.message })}
              onSubmit={start}
            />
          )}
        </section>
      </div>
      <h2>Analysis</h2>
      <dl className="kv">
        <dt>Starts at</dt>
        <dd>{graph.roots.join(", ")}</dd>
        <dt>Ends at</dt>
        <dd>{graph.leaves.join(", ")}</dd>
        <dt>Run together</dt>
        <dd>{graph.parallelGroups.map((group) => group.join(" ∥ ")).join("; ") || "—"}</dd>
        <dt>Branches</dt>
        <dd>{graph.branchPoints.map((point) => point.step).join(", ") || "—"}</dd>
        <dt>Error paths</dt>
        <dd>{graph.errorPaths.map((path) => `${path.step} → ${path.handlers.join(", ")}`).join("; ") || "—"}</dd>
      </dl>
      <h2>Definition</h2>
      <CodeBlock label="Flow definition">{json(flow.definition)}</CodeBlock>
    </>
  );
}
