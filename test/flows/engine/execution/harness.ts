import { TaskRunError } from "../../../../runtime/errors/index.js";
import { parseFlowDefinition } from "../../../../runtime/flows/definition/index.js";
import type { FlowEvent } from "../../../../runtime/flows/engine/events.js";
import { type FlowPlan, planFlow } from "../../../../runtime/flows/engine/plan.js";
import { RunExecution } from "../../../../runtime/flows/engine/run-execution.js";
import { RunJournal, type RunOutcome } from "../../../../runtime/flows/engine/run-journal.js";
import { validateFlow } from "../../../../runtime/flows/validate-flow.js";
import type { RunnableTask, RunOptions, RunResult } from "../../../../runtime/sandbox/index.js";
import type { RunStore } from "../../../../runtime/store/index.js";
import { parseTaskDefinition, type RegisteredTask } from "../../../../runtime/tasks/index.js";

/**
 * What a step's task answers, call by call: `ok` gives `{n: input.n + 1}`; `fail` a TASK_FAILED
 * (retried only if the step's policy says so); `hang` never answers until the run's signal stops
 * it (as a worker does: CANCELLED).
 */
export type Answer = "ok" | "fail" | "hang";

export interface Scenario {
  /** Steps as in a flow file; each calls a task of its own id, typed `{n: s32} → {n: s32}`. */
  readonly steps: readonly Record<string, unknown>[];
  readonly output?: Record<string, unknown>;
  /** Answers per step id, one per call; the last one repeats. @default ["ok"] */
  readonly script?: Readonly<Record<string, readonly Answer[]>>;
  /** Cancel the run when this event is emitted (after it was committed). */
  readonly cancelOn?: { readonly type: FlowEvent["type"]; readonly step?: string };
  readonly input?: { readonly n: number };
}

export interface Executed {
  readonly outcome: RunOutcome;
  /** Each step as the store has it: status, attempts, reason or error code. */
  readonly steps: Record<string, string>;
  /** Events as emitted: `type step#attempt`. */
  readonly events: readonly string[];
  readonly emitted: readonly FlowEvent[];
  readonly calls: readonly string[];
}

const taskDefinition = (name: string) =>
  parseTaskDefinition({
    name,
    abi: "sdk",
    module: `${name}.wasm`,
    input: { n: "s32" },
    output: { n: "s32" },
    retry: { maxAttempts: 1, initialDelayMs: 1, maxDelayMs: 2 },
  });

function planOf(scenario: Scenario): FlowPlan {
  const definition = parseFlowDefinition({
    name: "scenario",
    input: { n: "s32" },
    steps: scenario.steps.map((step) => ({ task: step.id, ...step })),
    output: scenario.output ?? {},
  });
  const tasks = new Map<string, RegisteredTask>(
    definition.steps.map((step) => [
      step.id,
      {
        name: step.id,
        revision: 1,
        version: "1.0.0",
        abi: "sdk",
        definition: taskDefinition(step.id),
        moduleHash: `module-of-${step.id}`,
        moduleSize: 0,
        createdAt: "",
      },
    ]),
  );
  const taskOf = (id: string) => tasks.get(id) as RegisteredTask;
  const graph = validateFlow(definition, (reference) => {
    const task = tasks.get(reference);
    return task === undefined ? undefined : { input: task.definition.inputType, output: task.definition.outputType };
  });
  return planFlow(definition, graph, taskOf, () => new Uint8Array());
}

/** What `executePlan` needs: a plan, its input, who answers its calls and where it is journaled. */
export interface PlanRun {
  readonly plan: FlowPlan;
  readonly input: unknown;
  readonly runner: ConstructorParameters<typeof RunExecution>[0]["runner"];
  readonly store: RunStore;
  /** @default "run-1" */
  readonly runId?: string;
  /** Sees each event after its commit, with the execution (to cancel it, say). */
  readonly emit?: (event: FlowEvent, execution: RunExecution) => void;
}

/**
 * Starts a plan through a real RunExecution and RunJournal, as the engine does (the run's row
 * inserted with its first event), and waits for its outcome and the last commit.
 */
export async function executePlan(run: PlanRun): Promise<RunOutcome> {
  const { plan, store, runId = "run-1" } = run;
  let execution: RunExecution | undefined;
  const emit = (event: FlowEvent): void => {
    if (execution !== undefined) run.emit?.(event, execution);
  };
  const journal = new RunJournal(store, runId, 0, emit, (error) => execution?.breakDown(error));
  execution = new RunExecution({
    plan,
    input: run.input,
    journal,
    runner: run.runner,
    limit: (call) => call(),
    random: () => 0.5,
  });
  const running = execution;
  await running.start(() =>
    journal.runStarted({ flow: plan.definition.name, steps: plan.graph.order, resumed: false }, [
      {
        kind: "insert-run",
        row: {
          id: runId,
          flow_name: plan.definition.name,
          flow_revision: null,
          flow_version: "0.0.0",
          definition: JSON.stringify(plan.definition),
          definition_hash: "hash",
          pins: "{}",
          input: new Uint8Array(),
          input_hash: "hash",
          idempotency_key: null,
          traceparent: null,
          input_preview: null,
          owner: null,
          created_at: new Date().toISOString(),
        },
      },
    ]),
  );
  const outcome = await running.done;
  await store.committed();
  return outcome;
}

/** Runs a scenario to its end through a real RunExecution and RunJournal over `store`, with a scripted executor. */
export async function execute(scenario: Scenario, store: RunStore, runId = "run-1"): Promise<Executed> {
  const plan = planOf(scenario);
  const calls: string[] = [];
  const answered = new Map<string, number>();
  const executor = {
    run(task: RunnableTask, input: unknown, options: RunOptions): Promise<RunResult> {
      const count = answered.get(task.name) ?? 0;
      answered.set(task.name, count + 1);
      calls.push(task.name);
      const answers = scenario.script?.[task.name] ?? ["ok"];
      const answer = answers[Math.min(count, answers.length - 1)] ?? "ok";
      if (answer === "fail") return Promise.reject(new TaskRunError("TASK_FAILED", `${task.name} failed`));
      if (answer === "hang") {
        return new Promise((_, reject) => {
          const stop = () => reject(new TaskRunError("CANCELLED", "the call was cancelled"));
          if (options.signal?.aborted === true) stop();
          else options.signal?.addEventListener("abort", stop, { once: true });
        });
      }
      const { n } = input as { n: number };
      return Promise.resolve({ output: { n: n + 1 }, logs: [], droppedLogs: 0, timings: {} as RunResult["timings"] });
    },
  };
  const emitted: FlowEvent[] = [];
  const outcome = await executePlan({
    plan,
    input: scenario.input ?? { n: 1 },
    runner: executor,
    store,
    runId,
    emit: (event, execution) => {
      emitted.push(event);
      const at = scenario.cancelOn;
      if (
        at !== undefined &&
        event.type === at.type &&
        (at.step === undefined || ("step" in event && event.step === at.step))
      ) {
        execution.cancel();
      }
    },
  });
  const steps: Record<string, string> = {};
  for (const row of store.steps(runId)) {
    const detail = row.reason ?? (row.error === null ? "" : (JSON.parse(row.error) as { code: string }).code);
    steps[row.step_id] = `${row.status} ×${row.attempts}${detail === "" ? "" : ` ${detail}`}`;
  }
  const events = emitted.map((event) => {
    const step = "step" in event ? ` ${event.step}` : "";
    const attempt = "attempt" in event && event.attempt !== undefined ? `#${event.attempt}` : "";
    return `${event.type}${step}${attempt}`;
  });
  return { outcome, steps, events, emitted, calls };
}
