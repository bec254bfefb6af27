import { useEffect, useMemo, useState } from "react";
import { Link, useLocation } from "wouter";
import { useConnection } from "../api/connection.js";
import { useData } from "../api/use-data.js";
import { useLiveRun } from "../api/use-live-run.js";
import type { RunDetails, WasmflowError } from "../api/wasmflow.js";
import { CodeBlock, json } from "../components/code-block.js";
import { ErrorNote } from "../components/error-note.js";
import { formatDuration, formatTime, spanMs } from "../components/format.js";
import { RunStatus } from "../components/run-status.js";
import { StepPanel } from "../components/step-panel.js";
import { Waterfall } from "../components/waterfall.js";
import { FlowGraph } from "../graph/flow-graph.js";
import { graphModelOf } from "../graph/graph-model.js";
import { warmLayout } from "../graph/layout.js";
import { waterfallOf } from "../shape/waterfall.js";

/**
 * One run: its flow's graph with each step in its state, live from the run's event stream; the
 * waterfall of its attempts; a step's input, output, error and logs a click away; and what the
 * session's scope allows to do with it.
 */
export function RunPage({ id }: { readonly id: string }) {
  const { client } = useConnection();
  useEffect(() => void warmLayout(), []);
  const live = useLiveRun(client, id);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const details = live.details;
  const reference = details === undefined ? undefined : flowReference(details);
  const flow = useData(
    () => (reference === undefined ? Promise.resolve(undefined) : client.flows.show(reference)),
    [client, reference],
  );
  const model = useMemo(() => (flow.data === undefined ? undefined : graphModelOf(flow.data)), [flow.data]);
  const states = useMemo(() => {
    const view = live.view;
    if (view === undefined) return undefined;
    return Object.fromEntries(Object.values(view.steps).map((step) => [step.id, step.state]));
  }, [live.view]);
  const status = live.view?.status ?? details?.status;
  // Shaped once per details read: live events redraw the graph every frame, not the timeline.
  const waterfall = useMemo(() => (details === undefined ? undefined : waterfallOf(details, Date.now())), [details]);

  if (details === undefined) {
    return live.error === undefined ? <p className="page-status">Loading run…</p> : <ErrorNote error={live.error} />;
  }
  return (
    <>
      <h1>
        Run <code>{details.id}</code>
      </h1>
      <dl className="kv">
        <dt>Flow</dt>
        <dd>
          <Link href={`/flows/${encodeURIComponent(details.flow)}`}>{details.flow}</Link>
          {details.revision === undefined ? null : <span className="muted">@{details.revision}</span>}{" "}
          <span className="muted">v{details.version}</span>
        </dd>
        <dt>Status</dt>
        <dd data-testid="run-status">
          <RunStatus status={status ?? details.status} />
        </dd>
        <dt>Started</dt>
        <dd>{formatTime(details.createdAt)}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(spanMs(details.createdAt, details.finishedAt))}</dd>
        {details.error === undefined ? null : (
          <>
            <dt>Error</dt>
            <dd>
              {details.error.step === undefined ? null : <span>at {details.error.step}: </span>}
              <code className="error-code">{details.error.code}</code> {details.error.message}
            </dd>
          </>
        )}
        {details.traceparent === undefined ? null : (
          <>
            <dt>Trace</dt>
            <dd>
              <code>{details.traceparent}</code>
            </dd>
          </>
        )}
      </dl>
      <RunActions details={details} status={status ?? details.status} onChange={live.reload} />
      {live.error === undefined ? null : <ErrorNote error={live.error} />}
      <div className="split">
        <section aria-label="Flow graph">
          <div className="graph-box">
            {model === undefined ? (
              flow.error === undefined ? (
                <p className="page-status">Loading the flow…</p>
              ) : (
                <ErrorNote error={flow.error} />
              )
            ) : (
              <FlowGraph
                model={model}
                {...(states === undefined ? {} : { states })}
                {...(selected === undefined ? {} : { selected })}
                onSelect={setSelected}
                label={`Steps of run ${details.id}`}
              />
            )}
          </div>
          <h2>Timeline</h2>
          {waterfall === undefined ? null : (
            <Waterfall waterfall={waterfall} {...(selected === undefined ? {} : { selected })} onSelect={setSelected} />
          )}
          <h2>Input</h2>
          <CodeBlock label="Run input" testId="run-input">
            {json(details.input)}
          </CodeBlock>
          {details.output === undefined ? null : (
            <>
              <h2>Output</h2>
              <CodeBlock label="Run output" testId="run-output">
                {json(details.output)}
              </CodeBlock>
            </>
          )}
        </section>
        <aside aria-label="Step">
          {selected === undefined ? (
            <p className="muted">
              Select a step in the graph or the timeline to see its input, output, error and logs.
            </p>
          ) : (
            <StepPanel
              details={details}
              step={selected}
              {...(live.view?.steps[selected] === undefined ? {} : { view: live.view.steps[selected] })}
              onClose={() => setSelected(undefined)}
            />
          )}
        </aside>
      </div>
    </>
  );
}

/** The flow revision a run ran: its name alone for a run of a flow file. */
function flowReference(details: RunDetails): string {
  return details.revision === undefined ? details.flow : `${details.flow}@${details.revision}`;
}

/** Cancel, resume, re-run: each shown as the session's scope allows, with why when it does not. */
function RunActions({
  details,
  status,
  onChange,
}: {
  readonly details: RunDetails;
  readonly status: string;
  readonly onChange: () => void;
}) {
  const { client, forbidden } = useConnection();
  const [, navigate] = useLocation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<WasmflowError | undefined>(undefined);
  const refused = forbidden("run");
  const act = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (caught) {
      setError(caught as WasmflowError);
    } finally {
      setBusy(false);
    }
  };
  const rerunnable = details.revision !== undefined;
  return (
    <>
      <div className="actions">
        {status === "running" ? (
          <button
            type="button"
            className="danger"
            disabled={busy || refused !== undefined}
            title={refused}
            onClick={() =>
              act(async () => {
                await client.runs.cancel(details.id, { wait: 5000 });
                onChange();
              })
            }
          >
            Cancel run
          </button>
        ) : null}
        {status === "interrupted" ? (
          <button
            type="button"
            disabled={busy || refused !== undefined}
            title={refused}
            onClick={() =>
              act(async () => {
                await client.runs.resume(details.id);
                onChange();
              })
            }
          >
            Resume
          </button>
        ) : null}
        <button
          type="button"
          disabled={busy || refused !== undefined || !rerunnable}
          title={refused ?? (rerunnable ? undefined : "a run of a flow file, not a registered flow")}
          onClick={() =>
            act(async () => {
              const started = await client.flows.start(flowReference(details), details.input);
              navigate(`/runs/${encodeURIComponent(started.id)}`);
            })
          }
        >
          Re-run with the same input
        </button>
        {refused === undefined ? null : <span className="muted">Actions {refused}.</span>}
      </div>
      {error === undefined ? null : <ErrorNote error={error} />}
    </>
  );
}
