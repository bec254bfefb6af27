import { useMemo, useState } from "react";
import { Link, useLocation, useSearch } from "wouter";
import { useConnection } from "../api/connection.js";
import { useData } from "../api/use-data.js";
import { throttled, useFeed } from "../api/use-feed.js";
import type { RunFilter } from "../api/wasmflow.js";
import { ErrorNote } from "../components/error-note.js";
import { formatDuration, formatTime, spanMs } from "../components/format.js";
import { RunStatus } from "../components/run-status.js";

const statuses = ["running", "interrupted", "succeeded", "failed", "cancelled"] as const;
const windows: readonly { readonly label: string; readonly ms: number | undefined }[] = [
  { label: "any time", ms: undefined },
  { label: "last 15 minutes", ms: 15 * 60_000 },
  { label: "last hour", ms: 3_600_000 },
  { label: "last day", ms: 86_400_000 },
  { label: "last week", ms: 7 * 86_400_000 },
];
const pageSize = 50;

/**
 * Runs, newest first, a page at a time from the server (each page reads an index in order, so it
 * costs the same at 100 000 runs). Filters live in the address, so a filtered list can be shared;
 * new runs and status changes arrive from the event feed.
 */
export function RunsPage() {
  const { client } = useConnection();
  const search = useSearch();
  const [, navigate] = useLocation();
  const params = new URLSearchParams(search);
  const flow = params.get("flow") ?? "";
  const status = params.get("status") ?? "";
  const within = params.get("within") ?? "";
  // Cursors of the pages before this one: "Newer" goes back through them.
  const [cursors, setCursors] = useState<readonly string[]>([]);
  const after = cursors.at(-1);
  const flows = useData((signal) => (signal.aborted ? Promise.resolve([]) : client.flows.list()), [client]);
  const page = useData(() => {
    const windowMs = windows.find((w) => String(w.ms) === within)?.ms;
    const filter: RunFilter = {
      limit: pageSize,
      ...(flow === "" ? {} : { flow }),
      ...(status === "" ? {} : { status: status as RunFilter["status"] & string }),
      ...(windowMs === undefined ? {} : { since: new Date(Date.now() - windowMs) }),
      ...(after === undefined ? {} : { after }),
    };
    return client.runs.page(filter);
  }, [client, flow, status, within, after]);
  const refresh = useMemo(() => throttled(page.reload, 1000), [page.reload]);
  useFeed(client, (events) => {
    // A run of this page changed, or a new one started while the first page shows: read again.
    const shown = new Set(page.data?.runs.map((run) => run.id));
    const relevant = events.some(
      (event) =>
        (event.type === "run-started" && after === undefined) || (shown.has(event.runId) && /^run-/.test(event.type)),
    );
    if (relevant) refresh();
  });

  const setFilter = (name: string, value: string) => {
    const next = new URLSearchParams(search);
    if (value === "") next.delete(name);
    else next.set(name, value);
    setCursors([]);
    navigate(`/runs${next.size === 0 ? "" : `?${next}`}`);
  };

  return (
    <>
      <h1>Runs</h1>
      <form className="toolbar" aria-label="Filter runs" onSubmit={(event) => event.preventDefault()}>
        <label>
          Flow
          <select value={flow} onChange={(event) => setFilter("flow", event.target.value)}>
            <option value="">all flows</option>
            {(flows.data ?? []).map((f) => (
              <option key={f.name} value={f.name}>
                {f.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select value={status} onChange={(event) => setFilter("status", event.target.value)}>
            <option value="">any status</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Started
          <select value={within} onChange={(event) => setFilter("within", event.target.value)}>
            {windows.map((w) => (
              <option key={w.label} value={w.ms === undefined ? "" : String(w.ms)}>
                {w.label}
              </option>
            ))}
          </select>
        </label>
      </form>
      {page.error === undefined ? null : <ErrorNote error={page.error} />}
      <div className="table-scroll">
        <table aria-busy={page.loading}>
          <caption className="muted" style={{ textAlign: "left", captionSide: "bottom", paddingTop: "0.5rem" }}>
            {page.data === undefined ? "Loading…" : `${page.data.runs.length} run(s) on this page`}
          </caption>
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">Flow</th>
              <th scope="col">Status</th>
              <th scope="col">Started</th>
              <th scope="col">Duration</th>
              <th scope="col">Failed at</th>
              <th scope="col">Input</th>
            </tr>
          </thead>
          <tbody>
            {(page.data?.runs ?? []).map((run) => (
              <tr key={run.id} data-run={run.id}>
                <td>
                  <Link href={`/runs/${encodeURIComponent(run.id)}`}>
                    <code>{run.id}</code>
                  </Link>
                </td>
                <td>
                  <Link href={`/flows/${encodeURIComponent(run.flow)}`}>{run.flow}</Link>
                  {run.revision === undefined ? null : <span className="muted">@{run.revision}</span>}
                </td>
                <td>
                  <RunStatus status={run.status} />
                </td>
                <td>{formatTime(run.createdAt)}</td>
                <td>{formatDuration(spanMs(run.createdAt, run.finishedAt))}</td>
                <td>
                  {run.error === undefined ? null : (
                    <>
                      {run.error.step === undefined ? null : <span>{run.error.step} </span>}
                      <code className="error-code">{run.error.code}</code>
                    </>
                  )}
                </td>
                <td className="input-preview">
                  <code>{run.inputPreview ?? ""}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="actions">
        <button type="button" disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
          Newer
        </button>
        <button
          type="button"
          disabled={page.data?.next === undefined}
          onClick={() => {
            const next = page.data?.next;
            if (next !== undefined) setCursors((c) => [...c, next]);
          }}
        >
          Older
        </button>
      </div>
    </>
  );
}
