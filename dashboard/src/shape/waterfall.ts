import type { RunDetails } from "../api/wasmflow.js";

type StepDetails = RunDetails["steps"][number];
type AttemptDetails = StepDetails["attempts"][number];

/** One attempt of a step on the time axis. */
export interface WaterfallBar {
  readonly attempt: number;
  readonly startMs: number;
  readonly endMs: number;
  /** The call is still running: its end is the `nowMs` the waterfall was drawn at. */
  readonly open: boolean;
  readonly status: AttemptDetails["status"];
  /** The error code of an attempt that did not succeed. */
  readonly code?: string;
}

/** The backoff between a failed attempt and the next (or, while the step waits, until now). */
export interface WaterfallGap {
  /** The failed attempt the backoff follows. */
  readonly after: number;
  readonly fromMs: number;
  readonly toMs: number;
}

export interface WaterfallRow {
  readonly step: string;
  readonly task: string;
  readonly status: StepDetails["status"];
  readonly bars: readonly WaterfallBar[];
  readonly gaps: readonly WaterfallGap[];
}

/** A run's steps on one time axis, in epoch milliseconds: parallel steps overlap, retries line up. */
export interface Waterfall {
  readonly startMs: number;
  readonly endMs: number;
  readonly rows: readonly WaterfallRow[];
}

export interface Tick {
  /** From the waterfall's start. */
  readonly offsetMs: number;
  readonly label: string;
}

/**
 * The waterfall of a stored run at `nowMs`: one row per step in the run's step order, each with
 * its attempts' bars and the backoff gaps between them. Only a running run has open bars: an
 * interrupted run's `running` attempt has no call in flight, so it does not grow with the clock.
 */
export function waterfallOf(details: RunDetails, nowMs: number): Waterfall {
  const live = details.status === "running";
  const runStart = Date.parse(details.createdAt);
  let startMs = Number.isFinite(runStart) ? runStart : Number.POSITIVE_INFINITY;
  let endMs = details.finishedAt === undefined ? Number.NEGATIVE_INFINITY : Date.parse(details.finishedAt);
  if (live) endMs = Math.max(endMs, nowMs);

  const rows = details.steps.map((step): WaterfallRow => {
    const bars = step.attempts.map((attempt) => barOf(attempt, live, nowMs));
    const gaps: WaterfallGap[] = [];
    bars.forEach((bar, index) => {
      if (bar.status !== "failed") return;
      // A failed last attempt of a step still running is waiting out its backoff now.
      const until = bars[index + 1]?.startMs ?? (live && step.status === "running" ? nowMs : undefined);
      if (until !== undefined) gaps.push({ after: bar.attempt, fromMs: bar.endMs, toMs: Math.max(bar.endMs, until) });
    });
    for (const bar of bars) {
      startMs = Math.min(startMs, bar.startMs);
      endMs = Math.max(endMs, bar.endMs);
    }
    for (const gap of gaps) endMs = Math.max(endMs, gap.toMs);
    return { step: step.id, task: step.task, status: step.status, bars, gaps };
  });

  if (!Number.isFinite(startMs)) startMs = nowMs;
  // An empty or instantaneous run still gets an axis to draw on.
  if (!Number.isFinite(endMs) || endMs <= startMs) endMs = startMs + 1;
  return { startMs, endMs, rows };
}

function barOf(attempt: AttemptDetails, live: boolean, nowMs: number): WaterfallBar {
  const startMs = Date.parse(attempt.startedAt);
  const open = live && attempt.status === "running" && attempt.finishedAt === undefined;
  let endMs: number;
  if (attempt.finishedAt !== undefined) endMs = Date.parse(attempt.finishedAt);
  else if (open) endMs = nowMs;
  else endMs = startMs + (attempt.durationMs ?? 0);
  return {
    attempt: attempt.attempt,
    startMs,
    endMs: Math.max(startMs, endMs),
    open,
    status: attempt.status,
    ...(attempt.error === undefined ? {} : { code: attempt.error.code }),
  };
}

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;

/** Tick intervals a person reads at a glance: 1-2-5 steps, then the clock's own divisions. */
const intervals: readonly number[] = [
  1,
  2,
  5,
  10,
  20,
  50,
  100,
  200,
  500,
  second,
  2 * second,
  5 * second,
  10 * second,
  15 * second,
  30 * second,
  minute,
  2 * minute,
  5 * minute,
  10 * minute,
  15 * minute,
  30 * minute,
  hour,
  2 * hour,
  3 * hour,
  6 * hour,
  12 * hour,
  24 * hour,
];

/**
 * The smallest round interval that cuts `spanMs` into at most `count` parts; when that one is
 * longer than the span itself (a few ticks asked), the largest within it, so the axis has an end.
 */
export function tickIntervalOf(spanMs: number, count: number): number {
  const wanted = spanMs / Math.max(1, count);
  const index = intervals.findIndex((interval) => interval >= wanted);
  if (index < 0) return Math.ceil(wanted / (24 * hour)) * 24 * hour;
  const found = intervals[index] as number;
  return found > spanMs && index > 0 ? (intervals[index - 1] as number) : found;
}

/** Ticks from 0 to `spanMs` at a round interval, at most `count` intervals apart (so `count + 1` ticks). */
export function ticksOf(spanMs: number, count: number): Tick[] {
  if (!(spanMs > 0)) return [{ offsetMs: 0, label: "0" }];
  const interval = tickIntervalOf(spanMs, count);
  const ticks: Tick[] = [];
  for (let index = 0; index * interval <= spanMs; index += 1) {
    const offsetMs = index * interval;
    ticks.push({ offsetMs, label: offsetMs === 0 ? "0" : formatTick(offsetMs) });
  }
  return ticks;
}

/** A tick's label: "500 ms", "1.5 s", "1 min 30 s", "2 h". */
function formatTick(ms: number): string {
  if (ms < second) return `${ms} ms`;
  if (ms < minute) return `${ms / second} s`;
  const seconds = Math.round(ms / second);
  if (ms < hour) return joinUnits(Math.floor(seconds / 60), "min", seconds % 60, "s");
  const minutes = Math.round(ms / minute);
  return joinUnits(Math.floor(minutes / 60), "h", minutes % 60, "min");
}

function joinUnits(major: number, majorUnit: string, minor: number, minorUnit: string): string {
  return minor === 0 ? `${major} ${majorUnit}` : `${major} ${majorUnit} ${minor} ${minorUnit}`;
}

/** A duration for a person: "12 ms", "1.25 s", "2 min 5 s", "1 h". */
export function formatDuration(ms: number): string {
  if (ms < 10) return `${Math.round(ms * 100) / 100} ms`;
  if (ms < second) return `${Math.round(ms)} ms`;
  if (ms < minute) return `${Math.round(ms / 10) / 100} s`;
  const seconds = Math.round(ms / second);
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return joinUnits(minutes, "min", seconds % 60, "s");
  return joinUnits(Math.floor(minutes / 60), "h", minutes % 60, "min");
}
