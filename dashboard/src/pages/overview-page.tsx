import { useEffect, useMemo, useRef, useState } from "react";
import { Link } from "wouter";
import { useConnection } from "../api/connection.js";
import { useData } from "../api/use-data.js";
import { throttled, useFeed } from "../api/use-feed.js";
import type { Stats } from "../api/wasmflow.js";
import { ErrorNote } from "../components/error-note.js";
import { formatTime } from "../components/format.js";
import { RunStatus } from "../components/run-status.js";
import { bucketRuns, failingTasks, runsByStatus, totalCalls } from "../shape/overview.js";

const hourMs = 3_600_000;
const bucketMs = 5 * 60_000;
/** The last hour's runs are read in one page: past it the chart says it shows the newest only. */
const hourPage = 1000;
const statusOrder = ["running", "succeeded", "failed", "cancelled"] as const;

/**
 * What the home is doing: runs by status now and over the last hour, task calls per second, the
 * tasks that fail most with their codes, and the runs in progress. Counts are read from the
 * server; the event feed says when to read them again.
 */
export function OverviewPage() {
  const { client } = useConnection();
  const stats = useData(() => client.stats(), [client]);
  const hour = useData(() => client.runs.page({ since: new Date(Date.now() - hourMs), limit: hourPage }), [client]);
  const running = useData(() => client.runs.page({ status: "running", limit: 20 }), [client]);
  const rate = useCallRate(stats.data);
  const refresh = useMemo(
    () =>
      throttled(() => {
        stats.reload();
        hour.reload();
        running.reload();
      }, 1000),
    [stats.reload, hour.reload, running.reload],
  );
  useFeed(client, refresh);
  // Calls per second need readings while nothing else changes, too.
  useEffect(() => {
    const timer = setInterval(stats.reload, 2000);
    return () => clearInterval(timer);
  }, [stats.reload]);

  const totals = stats.data === undefined ? {} : runsByStatus(stats.data);
  const buckets = hour.data === undefined ? [] : bucketRuns(hour.data.runs, Date.now(), bucketMs, 12);
  const highest = Math.max(1, ...buckets.map((bucket) => bucket.total));
  const failing = stats.data === undefined ? [] : failingTasks(stats.data);
  return (
    <>
      <h1>Overview</h1>
      {stats.error === undefined ? null : <ErrorNote error={stats.error} />}
      <section className="cards" aria-label="Runs by status">
        {statusOrder.map((status) => (
          <Link key={status} href={`/runs?status=${status}`} className="card" data-testid={`count-${status}`}>
            <div className="figure">{totals[status] ?? 0}</div>
            <RunStatus status={status} />
          </Link>
        ))}
        <div className="card">
          <div className="figure" data-testid="calls-rate">
            {rate === undefined ? "—" : rate.toFixed(1)}
          </div>
          <span className="muted">task calls/s</span>
        </div>
        <div className="card">
          <div className="figure">{stats.data === undefined ? "—" : stats.data.pool.queued}</div>
          <span className="muted">calls queued ({stats.data?.pool.running ?? 0} running)</span>
        </div>
      </section>
      <section aria-labelledby="hour-heading">
        <h2 id="hour-heading">Runs started in the last hour</h2>
        <div className="bar-chart" role="img" aria-label={hourSummary(buckets)}>
          {buckets.map((bucket) => (
            <div
              key={bucket.startMs}
              className="bar"
              title={`${new Date(bucket.startMs).toLocaleTimeString()}: ${bucket.total} run(s)`}
            >
              {statusOrder.map((status) => (
                <div
                  key={status}
                  style={{
                    height: `${((bucket.counts[status] ?? 0) / highest) * 100}%`,
                    background: `var(--state-${status === "running" ? "running" : status})`,
                  }}
                />
              ))}
            </div>
          ))}
        </div>
        {hour.data?.next === undefined ? null : (
          <p className="muted">
            More than {hourPage} runs started this hour: the chart counts the newest {hourPage}.
          </p>
        )}
      </section>
      <div className="split">
        <section aria-labelledby="progress-heading">
          <h2 id="progress-heading">In progress</h2>
          {running.data?.runs.length === 0 ? <p className="muted">No run is in progress.</p> : null}
          <ul>
            {(running.data?.runs ?? []).map((run) => (
              <li key={run.id}>
                <Link href={`/runs/${encodeURIComponent(run.id)}`}>
                  <code>{run.id}</code>
                </Link>{" "}
                {run.flow} <span className="muted">since {formatTime(run.createdAt)}</span>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="failing-heading">
          <h2 id="failing-heading">Tasks that fail most</h2>
          {failing.length === 0 ? <p className="muted">No task call has failed since the server started.</p> : null}
          <table>
            <tbody>
              {failing.map((row) => (
                <tr key={`${row.task} ${row.code}`}>
                  <td>
                    <Link href={`/tasks/${encodeURIComponent(row.task)}`}>{row.task}</Link>
                  </td>
                  <td>
                    <code className="error-code">{row.code}</code>
                  </td>
                  <td>{row.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </>
  );
}

/** Calls per second between the last two readings of the counts. */
function useCallRate(stats: Stats | undefined): number | undefined {
  const last = useRef<{ readonly at: number; readonly total: number } | undefined>(undefined);
  const [rate, setRate] = useState<number | undefined>(undefined);
  useEffect(() => {
    if (stats === undefined) return;
    const now = performance.now();
    const total = totalCalls(stats);
    const before = last.current;
    last.current = { at: now, total };
    if (before !== undefined && now - before.at > 200) setRate(((total - before.total) * 1000) / (now - before.at));
  }, [stats]);
  return rate;
}

function hourSummary(buckets: readonly { readonly total: number }[]): string {
  const total = buckets.reduce((sum, bucket) => sum + bucket.total, 0);
  return `${total} run(s) started in the last hour, in 5-minute bars`;
}
