import type {
  FlowDefinition,
  FlowEvent,
  FlowRunResult,
  LiveRun,
  RegisteredFlow,
  RegisteredTask,
  RunDetails,
  RunFilter,
  RunPage,
  RunResult,
  WasmflowError,
} from "../index.js";

/** What a verb asks of where it acts: a home opened in this process, or a server (`--server`). */
export interface Backend {
  readonly tasks: {
    list(): Promise<readonly RegisteredTask[]>;
    /** A task and the revisions its name has. */
    show(reference: string): Promise<{ task: RegisteredTask; revisions: readonly number[] }>;
    /** Runs a registered task (or, in this process only, a definition file) once. */
    run(target: string, input: unknown, options: TaskRunOptions): Promise<RunResult>;
  };
  readonly flows: {
    list(): Promise<readonly RegisteredFlow[]>;
    /** A registered flow, or (in this process only) a flow file checked as `flow validate` checks it. */
    describe(target: string): Promise<{ definition: FlowDefinition; registered?: RegisteredFlow; file?: string }>;
    /** Checks every file, then registers each: a bad file leaves the registry as it was. */
    add(files: readonly string[]): Promise<readonly { flow: RegisteredFlow; status: "created" | "unchanged" }[]>;
    /** Starts a run whose events go to `onEvent` as they are recorded; `ended` settles with it. */
    start(target: string, input: unknown, options: FlowStartOptions): Promise<StartedFlow>;
  };
  readonly runs: {
    page(filter: RunFilter): Promise<RunPage>;
    show(id: string): Promise<RunDetails>;
    /** The events recorded so far. */
    history(id: string): Promise<FlowEvent[]>;
    cancel(id: string, waitMs: number): Promise<FlowRunResult>;
    /**
     * Records the run cancelled without waiting for its calls to stop, and answers it as stored:
     * the second Ctrl-C. Here it is one synchronous write, so the command exits before anything
     * else runs; through a server it is a request.
     */
    cancelNow(id: string): RunDetails | Promise<RunDetails>;
    /** Resumes each id on its own (every interrupted run when none is given), following them to their end. */
    resume(ids: readonly string[], onEvent: (event: FlowEvent) => void): Promise<ResumedRuns>;
  };
}

export interface TaskRunOptions {
  readonly timeoutMs?: number;
  readonly seed?: number;
}

export interface FlowStartOptions {
  readonly idempotencyKey?: string;
  /** Aborting cancels the run. */
  readonly signal: AbortSignal;
  readonly onEvent: (event: FlowEvent) => void;
}

export interface StartedFlow {
  readonly id: string;
  /** An idempotency key matched an earlier run: nothing runs again. */
  readonly reused: boolean;
  /** Settles once the run has ended (succeeded, failed or cancelled). */
  readonly ended: Promise<void>;
}

/** Each id's answer: resumed and run to its end, or why not; and the runs a live process still runs. */
export interface ResumedRuns {
  readonly answers: readonly ({ id: string; run: RunDetails } | { id: string; error: WasmflowError })[];
  /** When every interrupted run was asked for: those left alone because a live process runs them. */
  readonly running?: readonly LiveRun[];
}
