import { fileURLToPath } from "node:url";
import { expect, onTestFinished } from "vitest";
import type { FlowEvent, RunDetails } from "../../../runtime/flows/engine/index.js";
import { findTaskDefinitionFiles } from "../../../runtime/tasks/index.js";
import { Wasmflow } from "../../../runtime/wasmflow.js";
import { tempProject } from "../../helpers/project.js";

/** The repository root: it holds the example tasks (built into build/tasks by the global setup) and flows/. */
export const root = fileURLToPath(new URL("../../..", import.meta.url));

/** A flow file's content, as JSON.parse would return it. */
export type FlowJson = Record<string, unknown>;

export interface Harness {
  readonly wf: Wasmflow;
  readonly project: ReturnType<typeof tempProject>;
  /** Writes `definition` to `flows/<name>.flow.json` in the project and returns the path. */
  flowFile(definition: FlowJson): string;
  /** Writes and registers `definition`; returns its name. */
  addFlow(definition: FlowJson): Promise<string>;
}

/**
 * A fresh project with its own store and the example tasks registered; its Wasmflow is closed when
 * the test finishes, whatever happened.
 */
export async function openHarness(): Promise<Harness> {
  const project = tempProject("wf-engine-");
  const wf = Wasmflow.open({ home: project.home, root, pool: { threads: 2 } });
  onTestFinished(() => wf.close());
  await wf.addTasks(await findTaskDefinitionFiles(root));
  const flowFile = (definition: FlowJson): string =>
    project.write(`flows/${String(definition.name)}.flow.json`, JSON.stringify(definition));
  return {
    wf,
    project,
    flowFile,
    async addFlow(definition) {
      await wf.addFlow(flowFile(definition));
      return String(definition.name);
    },
  };
}

/** A step running slugify on `text` (an expression); `extra` adds or replaces fields. */
export function slug(id: string, extra: Record<string, unknown> = {}, text = "'x'"): Record<string, unknown> {
  return { id, task: "slugify", input: { text }, ...extra };
}

/** A flaky step that fails (failRate 1) or succeeds (failRate 0) on every attempt. */
export function flaky(id: string, failRate: 0 | 1, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    task: "flaky",
    input: { text: "'flaky'", failRate },
    retry: { maxAttempts: 1 },
    ...extra,
  };
}

/** A branch arm `{ if, then }`, written once here because `then` keys look like thenables to the linter. */
export function ifArm(condition: string, targets: readonly string[]): Record<string, unknown> {
  // biome-ignore lint/suspicious/noThenProperty: flow file keyword
  return { if: condition, then: [...targets] };
}

const terminal = new Set<FlowEvent["type"]>(["run-completed", "run-failed", "run-cancelled"]);

/**
 * Checks that events come in an order a run can produce: run-started first, exactly one terminal
 * event and it is last, every attempt's outcome (completed, failed, retrying, cancelled with its
 * attempt) preceded by its own step-started, attempts numbered 1, 2, … per step, each step
 * settled (completed, failed, skipped or cancelled) at most once and never started after it
 * settled, and steps cancelled only in a run that ends cancelled.
 */
export function expectValidEventOrder(events: readonly FlowEvent[], runId: string): void {
  expect(events[0]?.type).toBe("run-started");
  expect(events.filter((event) => terminal.has(event.type))).toHaveLength(1);
  expect(terminal.has((events.at(-1) as FlowEvent).type)).toBe(true);
  const open = new Map<string, number>();
  const lastAttempt = new Map<string, number>();
  const settled = new Set<string>();
  for (const event of events) {
    expect(event.runId).toBe(runId);
    switch (event.type) {
      case "step-started":
        expect(settled.has(event.step), `${event.step} started after it settled`).toBe(false);
        expect(open.has(event.step), `${event.step} started twice at once`).toBe(false);
        expect(event.attempt).toBe((lastAttempt.get(event.step) ?? 0) + 1);
        open.set(event.step, event.attempt);
        lastAttempt.set(event.step, event.attempt);
        break;
      case "step-retrying":
        expect(open.get(event.step), `${event.step} retried attempt ${event.attempt} it never started`).toBe(
          event.attempt,
        );
        open.delete(event.step);
        break;
      case "step-completed":
      case "step-failed":
        expect(open.get(event.step), `${event.step} settled attempt ${event.attempt} it never started`).toBe(
          event.attempt,
        );
        open.delete(event.step);
        expect(settled.has(event.step)).toBe(false);
        settled.add(event.step);
        break;
      case "step-skipped":
        expect(open.has(event.step) || settled.has(event.step) || lastAttempt.has(event.step)).toBe(false);
        settled.add(event.step);
        break;
      case "step-cancelled":
        expect(events.at(-1)?.type).toBe("run-cancelled");
        if (event.attempt === undefined) expect(open.has(event.step)).toBe(false);
        else expect(open.get(event.step), `${event.step} cancelled attempt ${event.attempt}`).toBe(event.attempt);
        open.delete(event.step);
        expect(settled.has(event.step)).toBe(false);
        settled.add(event.step);
        break;
      default:
        break;
    }
  }
  expect([...open.keys()], "steps left running at the end").toEqual([]);
}

/** Checks that the events tell the story the store keeps: the same status, arm, reason and attempts per step. */
export function expectEventsMatchStore(events: readonly FlowEvent[], details: RunDetails): void {
  const last = events.at(-1) as FlowEvent;
  const runEnd = { succeeded: "run-completed", failed: "run-failed", cancelled: "run-cancelled" } as const;
  expect(last.type).toBe(runEnd[details.status as keyof typeof runEnd]);
  if (last.type === "run-failed") expect(last.error).toEqual(details.error);
  for (const step of details.steps) {
    const own = events.filter((event) => "step" in event && event.step === step.id);
    const started = own.filter((event) => event.type === "step-started");
    expect(started.map((event) => event.attempt)).toEqual(step.attempts.map((attempt) => attempt.attempt));
    const settledBy = own.find(
      (event) =>
        event.type === "step-completed" ||
        event.type === "step-failed" ||
        event.type === "step-skipped" ||
        event.type === "step-cancelled",
    );
    switch (step.status) {
      case "succeeded":
        expect(settledBy).toMatchObject({ type: "step-completed", attempt: step.attempts.length });
        if (settledBy?.type === "step-completed") expect(settledBy.arm).toBe(step.arm);
        expect(step.attempts.at(-1)?.status).toBe("succeeded");
        break;
      case "failed":
        expect(settledBy).toMatchObject({ type: "step-failed" });
        if (settledBy?.type === "step-failed") expect(settledBy.error).toEqual(step.error);
        break;
      case "skipped":
        expect(settledBy).toEqual(expect.objectContaining({ type: "step-skipped", reason: step.reason }));
        expect(step.attempts).toEqual([]);
        break;
      case "cancelled":
        expect(settledBy).toMatchObject({ type: "step-cancelled" });
        if (settledBy?.type === "step-cancelled") {
          // A stopped call: its attempt is the step's last, recorded cancelled; otherwise a reason.
          if (settledBy.attempt === undefined) expect(settledBy.reason).toBe(step.reason);
          else expect(step.attempts.at(-1)).toMatchObject({ attempt: settledBy.attempt, status: "cancelled" });
        }
        break;
      default:
        expect(settledBy, `${step.id} is ${step.status} but an event settled it`).toBeUndefined();
    }
    const retries = own.filter((event) => event.type === "step-retrying");
    expect(retries.map((event) => event.attempt)).toEqual(
      step.attempts
        .filter((attempt) => attempt.status === "failed")
        .map((a) => a.attempt)
        .slice(0, retries.length),
    );
  }
}

/** Every event of a run, read through its async iterator. */
export async function collect(events: AsyncIterable<FlowEvent>): Promise<FlowEvent[]> {
  const all: FlowEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

/** A step's record in `runs.show`. */
export function stepOf(details: RunDetails, id: string): RunDetails["steps"][number] {
  const step = details.steps.find((candidate) => candidate.id === id);
  if (step === undefined) throw new Error(`run ${details.id} has no step "${id}"`);
  return step;
}

/** One call of fib that runs for many seconds at `n` = 2^31 - 1, then a label: a run to cancel while it runs. */
export const longFibFlow: FlowJson = {
  name: "long-fib",
  input: { n: "s32" },
  steps: [
    { id: "fib", task: "fib", input: { n: "input.n" }, limits: { timeoutMs: 60_000 } },
    slug("label", { after: ["fib"] }, "string(steps.fib.output)"),
  ],
  output: { value: "steps.fib.output" },
};
