import { expect } from "vitest";
import { parseFlowDefinition } from "../../../../runtime/flows/definition/index.js";
import { unpackValue } from "../../../../runtime/flows/engine/persisted-values.js";
import { planFlow } from "../../../../runtime/flows/engine/plan.js";
import type { RunOutcome } from "../../../../runtime/flows/engine/run-journal.js";
import { validateFlow } from "../../../../runtime/flows/validate-flow.js";
import type { RunnableTask, RunResult } from "../../../../runtime/sandbox/index.js";
import { parseTaskDefinition, type RegisteredTask } from "../../../../runtime/tasks/index.js";
import { checkValue, compileValueCodec } from "../../../../runtime/values/index.js";
import { executePlan } from "./harness.js";
import { MemoryRunStore } from "./memory-run-store.js";

// Flows through the real engine (plan, RunExecution, RunJournal, the compiled expressions) with
// tasks answered in JavaScript: every input is encoded by the task's codec as a worker would, and
// every output is checked against its declared type, so values cross each edge as they would
// between real tasks.

/** A task answered in JavaScript, with the types it declares. */
export interface TypedTask {
  readonly input: string | Record<string, string>;
  readonly output: string | Record<string, string>;
  readonly answer: (input: never) => unknown;
}

export interface TypedRun {
  readonly outcome: RunOutcome;
  /** Each call as `{ task: input }`, in call order. */
  readonly calls: readonly unknown[];
  /** Each step's first attempt's input as stored; undefined where none was stored. */
  readonly stored: Readonly<Record<string, unknown>>;
}

function registered(name: string, task: TypedTask): RegisteredTask {
  const definition = parseTaskDefinition({
    name,
    abi: "sdk",
    module: `${name}.wasm`,
    input: task.input,
    output: task.output,
  });
  return {
    name,
    revision: 1,
    version: "1.0.0",
    abi: "sdk",
    definition,
    moduleHash: `module-of-${name}`,
    moduleSize: 0,
    createdAt: "",
  };
}

/** Checks `flow` against `tasks`, then runs it on `input` to its end. */
export async function runTyped(
  tasks: Readonly<Record<string, TypedTask>>,
  flow: Record<string, unknown>,
  input: unknown,
): Promise<TypedRun> {
  const definition = parseFlowDefinition(flow);
  const taskOf = (name: string) => registered(name, tasks[name] as TypedTask);
  const graph = validateFlow(definition, (reference) => {
    const task = taskOf(reference);
    return { input: task.definition.inputType, output: task.definition.outputType };
  });
  const byStep = new Map(definition.steps.map((step) => [step.id, taskOf(step.task)] as const));
  const plan = planFlow(
    definition,
    graph,
    (id) => byStep.get(id) as RegisteredTask,
    () => new Uint8Array(),
  );
  const calls: unknown[] = [];
  const runner = {
    run(task: RunnableTask, value: unknown): Promise<RunResult> {
      const { inputType, outputType } = task.definition;
      compileValueCodec(inputType, outputType).encodeInput(value, 1 << 20);
      calls.push({ [task.name]: value });
      const output = (tasks[task.name] as TypedTask).answer(value as never);
      expect(checkValue(outputType, output, "output")).toEqual([]);
      return Promise.resolve({ output, logs: [], droppedLogs: 0, timings: {} as RunResult["timings"] });
    },
  };
  const store = new MemoryRunStore();
  const outcome = await executePlan({ plan, input, runner, store });
  const stored: Record<string, unknown> = {};
  for (const row of store.attempts("run-1")) {
    if (row.attempt === 1) stored[row.step_id] = row.input === null ? undefined : unpackValue(row.input);
  }
  return { outcome, calls, stored };
}
