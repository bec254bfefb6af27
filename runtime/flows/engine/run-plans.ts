import { WasmflowError } from "../../errors/index.js";
import type { RunRow } from "../../store/index.js";
import { parseTaskReference, type RegisteredTask, type TaskRegistry } from "../../tasks/index.js";
import { type FlowDefinition, parseFlowDefinition } from "../definition/index.js";
import { validateFlow } from "../validate-flow.js";
import { type FlowPlan, planFlow } from "./plan.js";

const maxPlans = 64;

/**
 * Compiled plans by definition and pinned tasks: checking and compiling a flow costs far more
 * than a run, and runs of one flow revision share one plan.
 */
export class RunPlans {
  private readonly plans = new Map<string, FlowPlan>();

  constructor(private readonly tasks: TaskRegistry) {}

  /** The plan of a stored run: its own copy of the definition, with the task revisions it pinned. */
  planForRun(row: RunRow): FlowPlan {
    const definition = parseFlowDefinition(JSON.parse(row.definition));
    const pins = JSON.parse(row.pins) as Record<string, { task: string; module: string }>;
    const taskOf = (stepId: string): RegisteredTask => {
      const pin = pins[stepId];
      if (pin === undefined) throw new WasmflowError("RUN_CORRUPT", `run ${row.id} has no pin for step "${stepId}"`);
      const ref = parseTaskReference(pin.task);
      return this.tasks.pinned(ref.name, ref.revision ?? 0);
    };
    return this.planFor(definition, row.definition_hash, row.pins, taskOf);
  }

  planFor(
    definition: FlowDefinition,
    definitionHash: string,
    pins: string,
    taskOf: (stepId: string) => RegisteredTask,
  ): FlowPlan {
    const key = `${definitionHash}\u0000${pins}`;
    let plan = this.plans.get(key);
    if (plan === undefined) {
      const stepOfTask = new Map(definition.steps.map((step) => [step.task, step.id] as const));
      const graph = validateFlow(definition, (reference) => {
        const step = stepOfTask.get(reference);
        if (step === undefined) return undefined;
        const task = taskOf(step);
        return { input: task.definition.inputType, output: task.definition.outputType };
      });
      plan = planFlow(definition, graph, taskOf, (task) => this.tasks.moduleBytes(task));
      if (this.plans.size >= maxPlans) this.plans.clear();
      this.plans.set(key, plan);
    }
    return plan;
  }
}

/** The task revision each step resolved to, as the run stores it. */
export function pinsOf(tasks: ReadonlyMap<string, RegisteredTask>): string {
  const pins: Record<string, { task: string; module: string }> = {};
  for (const [step, task] of tasks) pins[step] = { task: `${task.name}@${task.revision}`, module: task.moduleHash };
  return JSON.stringify(pins);
}
