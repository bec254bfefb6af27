import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { RunDetails } from "../../dashboard/src/api/wasmflow.js";
import { formatDuration, tickIntervalOf, ticksOf, waterfallOf } from "../../dashboard/src/shape/waterfall.js";
import { openHarness, root } from "../flows/engine/harness.js";

type StepDetails = RunDetails["steps"][number];
type AttemptDetails = StepDetails["attempts"][number];

const t0 = Date.parse("2030-01-01T00:00:00.000Z");
/** The ISO time `ms` after the run's creation. */
const at = (ms: number): string => new Date(t0 + ms).toISOString();

function attempt(
  number: number,
  status: AttemptDetails["status"],
  from: number,
  to?: number,
  code?: string,
): AttemptDetails {
  return {
    attempt: number,
    status,
    task: "flaky@1",
    moduleHash: "m",
    startedAt: at(from),
    ...(to === undefined ? {} : { finishedAt: at(to), durationMs: to - from }),
    ...(code === undefined ? {} : { error: { code, message: code } }),
    logs: [],
  };
}

function runOf(
  status: RunDetails["status"],
  steps: (Partial<StepDetails> & { id: string })[],
  finishedMs?: number,
): RunDetails {
  return {
    id: "run-1",
    flow: "demo",
    version: "1.0.0",
    status,
    createdAt: at(0),
    ...(finishedMs === undefined ? {} : { finishedAt: at(finishedMs) }),
    definitionHash: "hash",
    input: {},
    pins: {},
    steps: steps.map((step) => ({ task: "flaky@1", status: "pending", attempts: [], ...step })),
  };
}

describe("waterfallOf", () => {
  test("a row per step in the run's order; parallel steps overlap on the time axis", () => {
    const waterfall = waterfallOf(
      runOf(
        "succeeded",
        [
          { id: "left", status: "succeeded", attempts: [attempt(1, "succeeded", 10, 50)] },
          { id: "right", status: "succeeded", attempts: [attempt(1, "succeeded", 12, 40)] },
          { id: "join", status: "succeeded", attempts: [attempt(1, "succeeded", 51, 60)] },
          { id: "never", status: "skipped" },
        ],
        61,
      ),
      t0 + 10_000,
    );
    expect(waterfall.startMs).toBe(t0);
    expect(waterfall.endMs).toBe(t0 + 61);
    expect(waterfall.rows.map((row) => row.step)).toEqual(["left", "right", "join", "never"]);
    const [left, right, join] = waterfall.rows.map((row) => row.bars[0]);
    if (left === undefined || right === undefined || join === undefined) throw new Error("missing bars");
    expect(left.startMs < right.endMs && right.startMs < left.endMs).toBe(true);
    expect(join.startMs).toBeGreaterThanOrEqual(left.endMs);
    expect(left).toEqual({ attempt: 1, startMs: t0 + 10, endMs: t0 + 50, open: false, status: "succeeded" });
    expect(waterfall.rows[3]).toMatchObject({ status: "skipped", bars: [], gaps: [] });
  });

  test("a retried step shows each attempt and the backoff gap between a failure and the next attempt", () => {
    const waterfall = waterfallOf(
      runOf(
        "succeeded",
        [
          {
            id: "fetch",
            status: "succeeded",
            attempts: [
              attempt(1, "failed", 0, 5, "TASK_FAILED"),
              attempt(2, "failed", 25, 30, "TIMEOUT"),
              attempt(3, "succeeded", 70, 72),
            ],
          },
        ],
        72,
      ),
      t0 + 1_000,
    );
    const [row] = waterfall.rows;
    expect(row?.bars.map((bar) => [bar.attempt, bar.status, bar.code, bar.endMs - bar.startMs])).toEqual([
      [1, "failed", "TASK_FAILED", 5],
      [2, "failed", "TIMEOUT", 5],
      [3, "succeeded", undefined, 2],
    ]);
    expect(row?.gaps).toEqual([
      { after: 1, fromMs: t0 + 5, toMs: t0 + 25 },
      { after: 2, fromMs: t0 + 30, toMs: t0 + 70 },
    ]);
  });

  test("an attempt still running is open and ends at nowMs; a step waiting to retry has its gap run to now", () => {
    const now = t0 + 500;
    const waterfall = waterfallOf(
      runOf("running", [
        { id: "slow", status: "running", attempts: [attempt(1, "running", 100)] },
        { id: "waiting", status: "running", attempts: [attempt(1, "failed", 20, 40, "TASK_FAILED")] },
      ]),
      now,
    );
    expect(waterfall.endMs).toBe(now);
    expect(waterfall.rows[0]?.bars).toEqual([
      { attempt: 1, startMs: t0 + 100, endMs: now, open: true, status: "running" },
    ]);
    expect(waterfall.rows[1]?.gaps).toEqual([{ after: 1, fromMs: t0 + 40, toMs: now }]);
  });

  test("an interrupted run's running attempt has no call in flight: it is not open and does not grow", () => {
    const waterfall = waterfallOf(
      runOf("interrupted", [{ id: "fib", status: "running", attempts: [attempt(1, "running", 30)] }]),
      t0 + 3_600_000,
    );
    expect(waterfall.rows[0]?.bars[0]).toMatchObject({ open: false, startMs: t0 + 30, endMs: t0 + 30 });
    expect(waterfall.endMs).toBe(t0 + 30);
  });

  test("a run without attempts still has a span to draw on", () => {
    const waterfall = waterfallOf(runOf("cancelled", [{ id: "a", status: "cancelled" }], 0), t0 + 9);
    expect(waterfall.endMs).toBeGreaterThan(waterfall.startMs);
  });

  test("a real retried run: its attempts lie in the run's span, the backoff between them", async () => {
    const h = await openHarness();
    await h.wf.addFlow(join(root, "flows", "flaky-retry.flow.json"));
    const result = await h.wf.runFlow("flaky-retry");
    const details = h.wf.runs.show(result.id);
    const waterfall = waterfallOf(details, Date.now());
    const fetch = waterfall.rows.find((row) => row.step === "fetch");
    expect(fetch?.bars.map((bar) => [bar.attempt, bar.status, bar.code, bar.open])).toEqual([
      [1, "failed", "TASK_FAILED", false],
      [2, "succeeded", undefined, false],
    ]);
    expect(fetch?.gaps).toHaveLength(1);
    const [gap] = fetch?.gaps ?? [];
    expect(gap?.toMs).toBe(fetch?.bars[1]?.startMs);
    for (const bar of waterfall.rows.flatMap((row) => row.bars)) {
      expect(bar.startMs).toBeGreaterThanOrEqual(waterfall.startMs);
      expect(bar.endMs).toBeLessThanOrEqual(waterfall.endMs);
      expect(bar.endMs).toBeGreaterThanOrEqual(bar.startMs);
    }
  });
});

describe("ticksOf", () => {
  const round = new Set([
    1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000,
    900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000,
  ]);

  test("ticks fall on round intervals, start at 0 and stay within the span", () => {
    for (const span of [1, 3, 7, 12, 99, 480, 1_234, 9_999, 61_000, 754_321, 3_600_000, 50_000_000]) {
      for (const count of [2, 5, 8]) {
        const interval = tickIntervalOf(span, count);
        expect(round.has(interval), `${interval} ms for ${span} ms in ${count}`).toBe(true);
        const ticks = ticksOf(span, count);
        expect(ticks[0]).toEqual({ offsetMs: 0, label: "0" });
        expect(ticks.length).toBeLessThanOrEqual(count + 1);
        expect(ticks.length).toBeGreaterThanOrEqual(2);
        for (const [index, tick] of ticks.entries()) expect(tick.offsetMs).toBe(index * interval);
        expect(ticks.at(-1)?.offsetMs).toBeLessThanOrEqual(span);
      }
    }
  });

  test("labels read in the unit that fits", () => {
    expect(ticksOf(1_234, 5).map((tick) => tick.label)).toEqual(["0", "500 ms", "1 s"]);
    expect(ticksOf(25, 5).map((tick) => tick.label)).toEqual(["0", "5 ms", "10 ms", "15 ms", "20 ms", "25 ms"]);
    expect(ticksOf(90_000, 6).map((tick) => tick.label)).toEqual([
      "0",
      "15 s",
      "30 s",
      "45 s",
      "1 min",
      "1 min 15 s",
      "1 min 30 s",
    ]);
    expect(ticksOf(3_000, 2).map((tick) => tick.label)).toEqual(["0", "2 s"]);
    // The round interval for 2 parts (500 ms) is past the span: the axis keeps an end tick.
    expect(ticksOf(480, 2).map((tick) => tick.label)).toEqual(["0", "200 ms", "400 ms"]);
    expect(ticksOf(3 * 3_600_000, 3).map((tick) => tick.label)).toEqual(["0", "1 h", "2 h", "3 h"]);
  });

  test("the smallest round interval that fits the count is chosen", () => {
    expect(tickIntervalOf(100, 10)).toBe(10);
    expect(tickIntervalOf(101, 10)).toBe(20);
    expect(tickIntervalOf(7_000, 6)).toBe(2_000);
  });
});

test("durations read as people say them", () => {
  expect(formatDuration(0.456)).toBe("0.46 ms");
  expect(formatDuration(12)).toBe("12 ms");
  expect(formatDuration(1_234)).toBe("1.23 s");
  expect(formatDuration(119_600)).toBe("2 min");
  expect(formatDuration(125_000)).toBe("2 min 5 s");
  expect(formatDuration(3_725_000)).toBe("1 h 2 min");
});
