import { stripVTControlCharacters } from "node:util";
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { FlowProgress, maxBoardRows } from "../../runtime/cli/flow-progress.js";
import type { FlowEvent } from "../../runtime/flows/index.js";

// Every frame the board hands to log-update, as plain text: what a terminal would show, in order.
const frames = vi.hoisted(() => [] as string[]);
vi.mock("log-update", () => ({
  createLogUpdate: () => Object.assign((text: string) => frames.push(text), { done: () => {} }),
}));

/** A terminal of 120 × 50 that keeps what it is sent. */
function terminal(): NodeJS.WriteStream {
  return { isTTY: true, columns: 120, rows: 50, write: () => true } as unknown as NodeJS.WriteStream;
}

const runId = "run-1";
const started = (steps: readonly string[]): FlowEvent => ({
  type: "run-started",
  runId,
  seq: 0,
  at: 0,
  flow: "big",
  steps,
  resumed: false,
});
const stepStarted = (step: string): FlowEvent => ({
  type: "step-started",
  runId,
  seq: 0,
  at: 0,
  step,
  attempt: 1,
  task: "add@1",
});
const completed = (step: string): FlowEvent => ({
  type: "step-completed",
  runId,
  seq: 0,
  at: 0,
  step,
  attempt: 1,
  durationMs: 1.25,
});
const plain = (text: string | undefined) => stripVTControlCharacters(text ?? "").split("\n");

let ci: string | undefined;
beforeEach(() => {
  frames.length = 0;
  // FlowProgress draws a board only outside CI.
  ci = process.env.CI;
  delete process.env.CI;
  vi.useFakeTimers();
});
afterEach(() => {
  if (ci !== undefined) process.env.CI = ci;
  vi.useRealTimers();
});

// Regression: every event redrew a board of every step, so a run cost steps × events — a
// 1 000-step chain took minutes to draw on a terminal, a 10 000-step one hours.
test("on a terminal, events only update the states: the board is redrawn by the timer, showing at most a screenful", async () => {
  const progress = await FlowProgress.forOutput(false, terminal());
  const steps = Array.from({ length: 2000 }, (_, i) => `s${i}`);
  progress.onEvent(started(steps));
  for (const step of steps) {
    progress.onEvent(stepStarted(step));
    progress.onEvent(completed(step));
  }
  // 4 000 step events, no time passed: only the first frame was drawn.
  expect(frames).toHaveLength(1);
  vi.advanceTimersByTime(1000);
  // About one frame per 80 ms, whatever happened in between.
  expect(frames.length).toBeLessThanOrEqual(14);
  progress.onEvent({ type: "run-completed", runId, seq: 0, at: 0, output: {} });
  for (const frame of frames) expect(plain(frame).length).toBeLessThanOrEqual(maxBoardRows + 1);
  expect(plain(frames.at(-1))).toEqual(["big run run-1  2000/2000 steps settled", "  2000 succeeded"]);
  // The run is over: nothing more is drawn.
  const drawn = frames.length;
  vi.advanceTimersByTime(1000);
  expect(frames).toHaveLength(drawn);
});

test("a board too big for the screen lists the latest failures and the steps running, and counts the rest", async () => {
  const progress = await FlowProgress.forOutput(false, terminal());
  const steps = Array.from({ length: 100 }, (_, i) => `f${i}`);
  progress.onEvent(started(steps));
  for (const step of steps) progress.onEvent(stepStarted(step));
  for (const step of steps.slice(0, 60)) progress.onEvent(completed(step));
  progress.onEvent({
    type: "step-failed",
    runId,
    seq: 0,
    at: 0,
    step: "f60",
    attempt: 1,
    error: { code: "TRAP", message: "unreachable" },
    handled: false,
  });
  const board = plain(progress.board());
  // The header, a screenful of steps and the count of the rest.
  expect(board).toHaveLength(maxBoardRows + 1);
  expect(board[0]).toBe("big run run-1  61/100 steps settled");
  expect(board[1]).toBe("  ✗ f60   failed [TRAP] unreachable");
  expect(board[2]).toBe("  ⠋ f61   running");
  expect(board.at(-2)).toBe(`  ⠋ f${61 + maxBoardRows - 3}   running`);
  expect(board.at(-1)).toBe(
    `  … and ${100 - (maxBoardRows - 1)} more steps; in all: 60 succeeded, 1 failed, 39 running`,
  );
});

test("a flow that fits keeps its board of every step, as it always was", async () => {
  const progress = await FlowProgress.forOutput(false, terminal());
  progress.onEvent(started(["count", "score", "celebrate"]));
  progress.onEvent(stepStarted("count"));
  progress.onEvent(completed("count"));
  progress.onEvent({ type: "step-completed", runId, seq: 0, at: 0, step: "score", attempt: 2, durationMs: 3, arm: 0 });
  progress.onEvent({
    type: "step-skipped",
    runId,
    seq: 0,
    at: 0,
    step: "celebrate",
    reason: '"score" took another arm',
  });
  progress.onEvent({ type: "run-completed", runId, seq: 0, at: 0, output: {} });
  expect(plain(frames.at(-1))).toEqual([
    "big run run-1  3/3 steps settled",
    "  ✓ count      1.3 ms",
    "  ✓ score      3.0 ms, attempt 2, took arm 0",
    '  – celebrate  skipped: "score" took another arm',
  ]);
  expect(plain(frames[0])).toEqual([
    "big run run-1  0/3 steps settled",
    "  · count      waiting",
    "  · score      waiting",
    "  · celebrate  waiting",
  ]);
});
