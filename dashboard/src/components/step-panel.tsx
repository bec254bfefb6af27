import { useId } from "react";
import type { RunDetails } from "../api/wasmflow.js";
import type { StepView } from "../shape/run-view.js";
import { formatDuration } from "../shape/waterfall.js";
import { CodeBlock, json } from "./code-block.js";
import "./step-panel.css";

type StepDetails = RunDetails["steps"][number];
type AttemptDetails = StepDetails["attempts"][number];

export interface StepPanelProps {
  readonly details: RunDetails;
  readonly step: string;
  /** The step as the live events tell it: its state may be ahead of the details (`retrying`). */
  readonly view?: StepView;
  onClose(): void;
}

/** One step of a run: its task, state, input, output, error, guest logs and attempts. */
export function StepPanel({ details, step, view, onClose }: StepPanelProps) {
  const stored = details.steps.find((candidate) => candidate.id === step);
  const headingId = useId();
  return (
    <section className="sp" aria-labelledby={headingId}>
      <header className="sp-header">
        <h2 id={headingId} className="sp-title">
          {step}
        </h2>
        <button type="button" className="sp-close" aria-label={`Close step ${step}`} onClick={onClose}>
          <span aria-hidden="true">×</span>
        </button>
      </header>
      {stored === undefined ? (
        <p>This run has no step “{step}”.</p>
      ) : (
        <StepBody stored={stored} {...(view === undefined ? {} : { view })} />
      )}
    </section>
  );
}

function StepBody({ stored, view }: { readonly stored: StepDetails; readonly view?: StepView }) {
  const last = stored.attempts.at(-1);
  // Every attempt is given the same mapped input; an attempt stopped before its call may have none.
  const input = stored.attempts.findLast((attempt) => attempt.input !== undefined)?.input;
  const state = view?.state ?? stored.status;
  const error = view?.error ?? stored.error;
  const arm = view?.arm ?? stored.arm;
  const reason = view?.reason ?? stored.reason;
  return (
    <>
      <dl className="sp-facts">
        <dt>Task</dt>
        <dd>
          <code>{last?.task ?? view?.task ?? stored.task}</code>
        </dd>
        <dt>State</dt>
        <dd>
          <span className={`sp-state sp-state--${state}`}>{state}</span>
          {state === "retrying" && view?.retryInMs !== undefined && (
            <> — next attempt in {formatDuration(view.retryInMs)}</>
          )}
        </dd>
        {arm !== undefined && (
          <>
            <dt>Branch arm</dt>
            <dd>{arm}</dd>
          </>
        )}
        {reason !== undefined && (
          <>
            <dt>Reason</dt>
            <dd>{reason}</dd>
          </>
        )}
      </dl>

      {error !== undefined && (
        <section className="sp-section sp-error">
          <h3>Error</h3>
          <p>
            <code data-testid="step-error-code">{error.code}</code> {error.message}
          </p>
        </section>
      )}

      <section className="sp-section">
        <h3>Input</h3>
        <JsonBlock value={input} />
      </section>

      <section className="sp-section">
        <h3>Output</h3>
        <JsonBlock value={stored.output} />
      </section>

      <section className="sp-section">
        <h3>Logs</h3>
        <div data-testid="step-logs">
          <Logs attempts={stored.attempts} />
        </div>
      </section>

      <section className="sp-section">
        <h3>Attempts</h3>
        <Attempts attempts={stored.attempts} />
      </section>
    </>
  );
}

function JsonBlock({ value }: { readonly value: unknown }) {
  if (value === undefined) return <p className="sp-none">None.</p>;
  return (
    <CodeBlock label="value" className="sp-json">
      {json(value)}
    </CodeBlock>
  );
}

function Logs({ attempts }: { readonly attempts: readonly AttemptDetails[] }) {
  const logged = attempts.filter((attempt) => attempt.logs.length > 0);
  if (logged.length === 0) return <p className="sp-none">No guest logs.</p>;
  return (
    <>
      {logged.map((attempt) => (
        <div key={attempt.attempt} className="sp-logs">
          {attempts.length > 1 && <h4>Attempt {attempt.attempt}</h4>}
          <ol className="sp-log-lines">
            {attempt.logs.map((log, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: log lines have no identity of their own and never move.
              <li key={index} className={`sp-log sp-log--${log.level}`}>
                <span className="sp-log-level">{log.level}</span>
                <span className="sp-log-message">{log.message}</span>
              </li>
            ))}
          </ol>
        </div>
      ))}
    </>
  );
}

function Attempts({ attempts }: { readonly attempts: readonly AttemptDetails[] }) {
  if (attempts.length === 0) return <p className="sp-none">Not run.</p>;
  return (
    <table className="sp-attempts">
      <thead>
        <tr>
          <th scope="col">Attempt</th>
          <th scope="col">Status</th>
          <th scope="col">Started</th>
          <th scope="col">Duration</th>
          <th scope="col">Code</th>
        </tr>
      </thead>
      <tbody>
        {attempts.map((attempt) => (
          <tr key={attempt.attempt}>
            <td>{attempt.attempt}</td>
            <td>{attempt.status}</td>
            <td>
              <time dateTime={attempt.startedAt}>{timeOf(attempt.startedAt)}</time>
            </td>
            <td>{attempt.durationMs === undefined ? "—" : formatDuration(attempt.durationMs)}</td>
            <td>{attempt.error === undefined ? "" : <code>{attempt.error.code}</code>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A start time to the millisecond, in the reader's time zone: attempts are often milliseconds apart. */
function timeOf(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleTimeString(undefined, {
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    fractionalSecondDigits: 3,
  });
}
