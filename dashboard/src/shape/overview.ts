import type { RunSummary, Stats } from "../api/wasmflow.js";

/** Runs by status, summed over flows. */
export function runsByStatus(stats: Stats): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const { status, count } of stats.runs) totals[status] = (totals[status] ?? 0) + count;
  return totals;
}

/** Failed task calls by task and error code, most first. */
export function failingTasks(stats: Stats, top = 8): { task: string; code: string; count: number }[] {
  return stats.calls
    .filter((call) => call.outcome !== "ok" && call.count > 0)
    .map((call) => ({ task: call.task, code: call.outcome, count: call.count }))
    .sort((a, b) => b.count - a.count || a.task.localeCompare(b.task))
    .slice(0, top);
}

/** All task calls finished, whatever their outcome. */
export function totalCalls(stats: Stats): number {
  return stats.calls.reduce((sum, call) => sum + call.count, 0);
}

export interface TimeBucket {
  readonly startMs: number;
  readonly counts: Readonly<Record<string, number>>;
  readonly total: number;
}

/** Runs started in each of `count` buckets of `widthMs` ending at `nowMs`, by status. */
export function bucketRuns(
  runs: readonly Pick<RunSummary, "createdAt" | "status">[],
  nowMs: number,
  widthMs: number,
  count: number,
): TimeBucket[] {
  const start = nowMs - widthMs * count;
  const buckets = Array.from({ length: count }, (_, index) => ({
    startMs: start + index * widthMs,
    counts: {} as Record<string, number>,
    total: 0,
  }));
  for (const run of runs) {
    const index = Math.floor((Date.parse(run.createdAt) - start) / widthMs);
    const bucket = buckets[index];
    if (bucket === undefined) continue;
    bucket.counts[run.status] = (bucket.counts[run.status] ?? 0) + 1;
    bucket.total += 1;
  }
  return buckets;
}
