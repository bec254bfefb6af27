import type { Activation, StepActivation } from "../expressions/index.js";
import type { RunError, StepError } from "./events.js";
import type { StepStatus } from "./join.js";
import type { FlowPlan, PlannedStep } from "./plan.js";

/** One step's state in memory; the store holds the same, committed before anything depends on it. */
export interface StepState {
  status: StepStatus;
  /** The highest attempt number used so far (interrupted attempts included). */
  attempts: number;
  /** Attempts that failed: what the retry budget counts. */
  failures: number;
  arm?: number | undefined;
  output?: unknown;
  error?: StepError | undefined;
}

const settledStatuses: ReadonlySet<StepStatus> = new Set(["succeeded", "failed", "skipped", "cancelled"]);

/**
 * Where every step of a run stands, and what expressions read of them. Each step keeps a count
 * of its predecessors that have not settled, so whether it may be decided costs the same however
 * many predecessors it has (a join after a 10 000-wide fan-out is decided once, not 10 000 times).
 */
export class RunState {
  private readonly states = new Map<string, StepState>();
  /** What expressions read: every step has an entry, so `has(steps.x.output)` is false until x succeeded. */
  private readonly steps: Record<string, StepActivation> = Object.create(null);
  private readonly unsettled = new Map<string, number>();
  /** Steps a dead process left running: if the run ends before they run again, they are settled as not run. */
  readonly leftRunning = new Set<string>();

  constructor(
    private readonly plan: FlowPlan,
    private readonly input: unknown,
    loaded?: ReadonlyMap<string, StepState>,
  ) {
    for (const planned of plan.order) {
      const state: StepState = loaded?.get(planned.id) ?? { status: "pending", attempts: 0, failures: 0 };
      // A step a dead process left running never finished: it runs again, under its next attempt number.
      if (state.status === "running") {
        state.status = "pending";
        this.leftRunning.add(planned.id);
      }
      this.states.set(planned.id, state);
      this.steps[planned.id] = {};
      if (state.status === "succeeded") this.steps[planned.id] = { output: state.output };
      if (state.status === "failed" && state.error !== undefined) this.steps[planned.id] = { error: state.error };
    }
    for (const planned of plan.order) {
      let count = 0;
      for (const id of new Set(planned.edgesIn.map((edge) => edge.from))) {
        if (!settledStatuses.has(this.of(id).status)) count += 1;
      }
      this.unsettled.set(planned.id, count);
    }
  }

  of(id: string): StepState {
    return this.states.get(id) as StepState;
  }

  /** Whether some predecessor of the step has not settled yet. */
  waiting(id: string): boolean {
    return (this.unsettled.get(id) ?? 0) > 0;
  }

  /** A step settles: each step waiting for it has one predecessor fewer to wait for. */
  settle(planned: PlannedStep, status: "succeeded" | "failed" | "skipped" | "cancelled"): void {
    this.of(planned.id).status = status;
    for (const successor of planned.successors) {
      this.unsettled.set(successor, (this.unsettled.get(successor) ?? 1) - 1);
    }
  }

  /** The step's output, for the expressions that read it (its own branch conditions first). */
  setOutput(id: string, output: unknown): void {
    this.of(id).output = output;
    this.steps[id] = { output };
  }

  setError(id: string, error: StepError): void {
    this.of(id).error = error;
    this.steps[id] = { error: { code: error.code, message: error.message } };
  }

  /** Steps a dead process left running that have not run again. */
  notRunAgain(): string[] {
    return [...this.leftRunning].filter((id) => this.of(id).status === "pending");
  }

  activation(): Activation {
    return { input: this.input, steps: this.steps };
  }

  /** A tolerated failure (an any-succeeded join waits for it) fails the run once that join is skipped. */
  toleratedFailure(join: PlannedStep): RunError | undefined {
    for (const edge of join.edgesIn) {
      const from = this.states.get(edge.from);
      const planned = this.plan.steps.get(edge.from);
      if (edge.kind !== "after" || from?.status !== "failed" || planned === undefined || planned.handled) continue;
      if (from.error !== undefined) return { ...from.error, step: edge.from };
    }
    return undefined;
  }

  /** The failure a resumed run already had: an unhandled failed step, or a tolerated one whose join was skipped. */
  loadedFailure(): RunError | undefined {
    for (const planned of this.plan.order) {
      const state = this.of(planned.id);
      if (state.status === "failed" && !planned.handled && !planned.tolerated && state.error !== undefined) {
        return { ...state.error, step: planned.id };
      }
      if (state.status === "skipped" && planned.step.join === "any-succeeded") {
        const failure = this.toleratedFailure(planned);
        if (failure !== undefined) return failure;
      }
    }
    return undefined;
  }
}
