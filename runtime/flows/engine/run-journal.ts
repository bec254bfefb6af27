import type { LogRecord } from "../../sandbox/runner-types.js";
import type { CommitSource, RunStore, RunWrite } from "../../store/index.js";
import { eventRows } from "./event-rows.js";
import { cancelledError, type FlowEvent, type FlowEventFields, type RunError, type StepError } from "./events.js";
import { packValue } from "./persisted-values.js";

/** How a run ended. */
export type RunOutcome =
  | { readonly status: "succeeded"; readonly output: unknown }
  | { readonly status: "failed"; readonly error: RunError }
  | { readonly status: "cancelled"; readonly error: RunError };

/** A finished attempt: its output, or the error it ended with. */
export type AttemptEnd =
  | {
      readonly status: "succeeded";
      readonly output: unknown;
      readonly logs: readonly LogRecord[];
      readonly durationMs: number;
    }
  | {
      readonly status: "failed" | "cancelled";
      readonly error: StepError;
      readonly logs: readonly LogRecord[];
      readonly durationMs: number;
      /** A failed attempt that will be retried after this long: announced with `step-retrying`. */
      readonly retryInMs?: number;
    };

/** How a step ended. `attempts` is the highest attempt number it used. */
export type StepEnd =
  | {
      readonly status: "succeeded";
      readonly attempt: number;
      readonly output: unknown;
      readonly durationMs: number;
      readonly arm: number | undefined;
    }
  | { readonly status: "failed"; readonly attempt: number; readonly error: StepError; readonly handled: boolean }
  | { readonly status: "skipped"; readonly reason: string }
  /** Cancelled with its call stopped (`attempt`), or before it could run (again) (`reason`). */
  | { readonly status: "cancelled"; readonly attempt?: number; readonly reason?: string };

/** The last clock reading of any journal, with its ISO text. */
let lastTime = { ms: 0, iso: "" };

/**
 * The one writer of a run's records. Each transition adds its rows *and its event* to what waits
 * for the store; `flush` ends a reaction of the run: it makes the reaction's calls and enlists the
 * journal for the store's next group commit, which takes everything waiting at once and after
 * which the events are emitted, in order. It is the only code that knows row shapes, JSON
 * columns, timestamps and event numbers; the execution only decides.
 *
 * Calls go out while their writes are being committed: a call has no effect outside its sandbox
 * and its answer is handled only after that commit (`committed`), so the overlap changes nothing
 * the store or the events could show — a call lost with the process before its start was
 * committed just runs again on resume — and it takes the commit off the path of every step. The
 * store is never behind an event, nor ahead of what a run's emitted events lead to: an answer
 * whose start is not yet committed is held until it is. (A step kind with effects outside the
 * sandbox would wait for its start's commit before it launches.)
 */
export class RunJournal implements CommitSource<RunWrite> {
  private writes: RunWrite[] = [];
  private events: FlowEvent[] = [];
  /** What to do after each flushed reaction's events are emitted, by how many events precede it. */
  private afterEmits: { readonly events: number; readonly run: () => void }[] = [];
  private launches: (() => void)[] = [];
  private enlisted = false;
  private seq: number;
  private time: { ms: number; iso: string } | undefined;
  /** Outputs packed for their attempt's row, reused for the step's row. */
  private readonly packed = new Map<string, Uint8Array>();

  /**
   * `lastSeq` is the number of the run's last stored event (0 for a new run); `emit` is called
   * with each event once it is committed; `refused` when the store refuses what it waited with.
   */
  constructor(
    private readonly store: RunStore,
    readonly runId: string,
    lastSeq: number,
    private readonly emit: (event: FlowEvent) => void,
    private readonly refused: (error: unknown) => void,
  ) {
    this.seq = lastSeq;
  }

  /** The run starts (or resumes); `first` are writes that go with it (a new run's own row). */
  runStarted(fields: { flow: string; steps: readonly string[]; resumed: boolean }, first: readonly RunWrite[] = []) {
    this.writes.push(...first);
    this.event({ type: "run-started", ...fields });
  }

  /** An attempt starts; `input` is undefined when mapping the step's input failed (nothing is called). */
  attemptStarted(
    step: string,
    attempt: number,
    pinned: { readonly taskRef: string; readonly task: { readonly moduleHash: string } },
    input: unknown,
  ): void {
    const at = this.now();
    const stepRow = {
      run_id: this.runId,
      step_id: step,
      status: "running",
      attempts: attempt,
      arm: null,
      output: null,
      error: null,
      reason: null,
      started_at: at,
      finished_at: null,
    } as const;
    this.writes.push({ kind: "put-step", row: stepRow });
    this.writes.push({
      kind: "insert-attempt",
      row: {
        run_id: this.runId,
        step_id: step,
        attempt,
        status: "running",
        task: pinned.taskRef,
        module_hash: pinned.task.moduleHash,
        input: input === undefined ? null : packValue(input),
        output: null,
        error: null,
        logs: null,
        started_at: at,
        finished_at: null,
        duration_ms: null,
      },
    });
    this.event({ type: "step-started", step, attempt, task: pinned.taskRef });
  }

  attemptFinished(step: string, attempt: number, end: AttemptEnd): void {
    const output = end.status === "succeeded" ? packValue(end.output) : null;
    if (output !== null) this.packed.set(step, output);
    this.writes.push({
      kind: "finish-attempt",
      row: {
        run_id: this.runId,
        step_id: step,
        attempt,
        status: end.status,
        output,
        error: end.status === "succeeded" ? null : JSON.stringify(end.error),
        logs: end.logs.length === 0 ? null : JSON.stringify(end.logs),
        finished_at: this.now(),
        duration_ms: end.durationMs,
      },
    });
    if (end.status === "failed" && end.retryInMs !== undefined) {
      this.event({ type: "step-retrying", step, attempt, error: end.error, delayMs: end.retryInMs });
    }
  }

  /** A step settles; `attempts` is the highest attempt number it used. */
  stepSettled(step: string, attempts: number, end: StepEnd): void {
    const row = {
      run_id: this.runId,
      step_id: step,
      status: end.status,
      attempts,
      arm: null as number | null,
      output: null as Uint8Array | null,
      error: null as string | null,
      reason: null as string | null,
      started_at: null,
      finished_at: this.now(),
    };
    switch (end.status) {
      case "succeeded": {
        row.arm = end.arm ?? null;
        row.output = this.packed.get(step) ?? packValue(end.output);
        this.packed.delete(step);
        const arm = end.arm === undefined ? {} : { arm: end.arm };
        this.event({ type: "step-completed", step, attempt: end.attempt, durationMs: end.durationMs, ...arm });
        break;
      }
      case "failed":
        this.packed.delete(step);
        row.error = JSON.stringify(end.error);
        this.event({ type: "step-failed", step, attempt: end.attempt, error: end.error, handled: end.handled });
        break;
      case "skipped":
        row.reason = end.reason;
        this.event({ type: "step-skipped", step, reason: end.reason });
        break;
      case "cancelled":
        if (end.attempt !== undefined) {
          row.error = JSON.stringify(cancelledError);
          this.event({ type: "step-cancelled", step, attempt: end.attempt });
        } else {
          row.reason = end.reason ?? null;
          this.event({ type: "step-cancelled", step, ...(end.reason === undefined ? {} : { reason: end.reason }) });
        }
        break;
    }
    this.writes.push({ kind: "put-step", row });
  }

  /**
   * A step a dead process left running that the run ended without running again: recorded as
   * not run. No event: no listener ever saw it pending.
   */
  stepAbandoned(step: string, attempts: number, reason: string): void {
    this.writes.push({
      kind: "put-step",
      row: {
        run_id: this.runId,
        step_id: step,
        status: "skipped",
        attempts,
        arm: null,
        output: null,
        error: null,
        reason,
        started_at: null,
        finished_at: this.now(),
      },
    });
  }

  runFinished(outcome: RunOutcome): void {
    this.writes.push({
      kind: "finish-run",
      runId: this.runId,
      status: outcome.status,
      output: outcome.status === "succeeded" ? packValue(outcome.output) : null,
      error: outcome.status === "succeeded" ? null : JSON.stringify(outcome.error),
      at: this.now(),
    });
    this.event(
      outcome.status === "succeeded"
        ? { type: "run-completed", output: outcome.output }
        : outcome.status === "failed"
          ? { type: "run-failed", error: outcome.error }
          : { type: "run-cancelled" },
    );
  }

  /** A call to make once the open batch is handed to the store. */
  launch(call: () => void): void {
    this.launches.push(call);
  }

  /** Whether the open batch starts calls. */
  get launching(): boolean {
    return this.launches.length > 0;
  }

  /**
   * Ends a reaction of the run: makes its calls and enlists what it recorded for the store's next
   * group commit; once that has committed, emits its events, then `afterEmit`.
   */
  flush(afterEmit?: () => void): void {
    const launches = this.launches;
    this.launches = [];
    // The reaction's instant is over: the next one reads the clock again.
    this.time = undefined;
    for (const launch of launches) launch();
    if (!this.enlisted && this.writes.length === 0 && this.events.length === 0) {
      afterEmit?.();
      return;
    }
    if (afterEmit !== undefined) this.afterEmits.push({ events: this.events.length, run: afterEmit });
    if (!this.enlisted) {
      this.enlisted = true;
      this.store.submit(this);
    }
  }

  /**
   * Commits everything waiting now, synchronously, after whatever the store had queued before, and
   * emits its events: for a process about to exit. Calls not yet made are dropped. Throws if the
   * store refuses it.
   */
  flushNow(): void {
    this.store.flushNow();
    const afterCommit = this.store.transaction((apply) => this.commitIn(apply));
    afterCommit();
  }

  /**
   * Writes everything waiting through a transaction the caller holds, and answers what to do once
   * that transaction commits (emit the events). Calls not yet made are dropped.
   */
  commitIn(apply: (write: RunWrite) => void): () => void {
    this.launches = [];
    const { writes, afterCommit } = this.take();
    for (const write of writes) apply(write);
    return afterCommit;
  }

  /** Everything waiting, for the store's commit (see `CommitSource`). */
  take(): { writes: RunWrite[]; afterCommit: () => void } {
    this.enlisted = false;
    this.time = undefined;
    const writes = this.writes;
    const events = this.events;
    this.writes = [];
    const afterEmits = this.afterEmits;
    this.events = [];
    this.afterEmits = [];
    if (events.length > 0) writes.push({ kind: "append-events", row: eventRows(events) });
    const afterCommit = (): void => {
      let emitted = 0;
      for (const after of afterEmits) {
        for (; emitted < after.events; emitted += 1) this.emit(events[emitted] as FlowEvent);
        after.run();
      }
      for (; emitted < events.length; emitted += 1) this.emit(events[emitted] as FlowEvent);
    };
    return { writes, afterCommit };
  }

  /** The store refused what `take` handed over. */
  fail(error: unknown): void {
    this.refused(error);
  }

  /** Resolves once everything handed to the store until now is committed. */
  committed(): Promise<void> {
    return this.store.committed();
  }

  /**
   * The time of the current reaction: one reading for all its rows and events, taken at its first
   * transition (a reaction is what the run records in answer to one thing, within the same instant).
   */
  private clock(): { ms: number; iso: string } {
    if (this.time === undefined) {
      const ms = Date.now();
      // Reactions come thousands a second: the ISO text of the last millisecond read is reused.
      this.time = ms === lastTime.ms ? lastTime : { ms, iso: new Date(ms).toISOString() };
      lastTime = this.time;
    }
    return this.time;
  }

  private now(): string {
    return this.clock().iso;
  }

  private event(fields: FlowEventFields): void {
    this.seq += 1;
    // `fields` is a literal made for this call: completed in place, keeping its key order.
    this.events.push(Object.assign(fields, { runId: this.runId, seq: this.seq, at: this.clock().ms }) as FlowEvent);
  }
}
