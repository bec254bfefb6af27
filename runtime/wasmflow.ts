import { resolve } from "node:path";
import { UsageError, WasmflowError } from "./errors/index.js";
import {
  type FeedEvent,
  type FeedOptions,
  type FlowDefinition,
  FlowEngine,
  type FlowEvent,
  type FlowGraph,
  type FlowRegistrationResult,
  FlowRegistry,
  type FlowRun,
  type FlowRunResult,
  type FlowSource,
  type HistoryOptions,
  loadFlowDefinition,
  parseFlowDefinition,
  type RegisteredFlow,
  type ResumeAnswer,
  RunQueries,
  registeredTaskTypes,
  requireValidFlow,
  type StartFlowOptions,
  validateFlow,
} from "./flows/index.js";
import { resolveHome } from "./home.js";
import {
  checkOptionalBoolean,
  checkOptionalString,
  checkOptionsObject,
  checkReference,
  checkStartFlowOptions,
} from "./public-options.js";
import {
  type PoolOptions,
  type RunnableTask,
  type RunOptions,
  type RunResult,
  resolvePoolOptions,
  TaskRunner,
  WorkerPool,
} from "./sandbox/index.js";
import { Store } from "./store/index.js";
import { loadTaskDefinition, type RegisteredTask, type RegistrationResult, TaskRegistry } from "./tasks/index.js";
import { TokenRegistry } from "./tokens/index.js";

/** One finished task call, as `observeCalls` reports it. */
export interface CallObservation {
  readonly task: string;
  /** `ok`, or the code of the error the call ended with. */
  readonly outcome: string;
  readonly durationMs: number;
}

/** A flow found by `describeFlow`: its definition and graph, and where it came from. */
export interface DescribedFlow {
  readonly definition: FlowDefinition;
  readonly graph: FlowGraph;
  /** Set for a registered flow: its revision, hash and date. */
  readonly registered?: RegisteredFlow;
  /** Set for a flow file: the path as given. */
  readonly file?: string;
}

/** Commands and methods that take a flow take a registered name, or a file by its `.json` ending. */
/**
 * Whether a flow argument names a file rather than a registered flow: a `.json` name, or any path
 * with a folder in it (a flow's name never has one) — `/dev/zero` is a file, refused as one.
 */
function isFlowFile(flow: string): boolean {
  return flow.endsWith(".json") || flow.includes("/") || flow.includes("\\");
}

export interface WasmflowOptions {
  /** Folder of the embedded store. @default WASMFLOW_HOME, else `.wasmflow/` in the working directory */
  readonly home?: string;
  /** Project root: module paths in definitions may not leave it. @default the working directory */
  readonly root?: string;
  /** Worker pool settings; the pool starts on the first `run`. */
  readonly pool?: PoolOptions;
  /**
   * Resume every interrupted flow run (its process died) as the runtime opens; the runs resumed
   * are in `resumed`. @default false
   */
  readonly resumeInterrupted?: boolean;
  /**
   * How long to wait for another process's lock on the store before failing with `STORE_BUSY`,
   * in milliseconds. @default WASMFLOW_BUSY_TIMEOUT_MS, else 5000
   */
  readonly busyTimeoutMs?: number;
}

/**
 * One project's runtime: its store, its task registry and the sandbox that runs tasks.
 *
 * @example
 * const wf = Wasmflow.open();
 * await wf.addTasks(["tasks/word-count/word-count.task.json"]);
 * const { output, logs } = await wf.run("word-count", { text: "hello sandbox" });
 * console.log(output); // { words: 2, vowels: 4 }
 * await wf.close();
 */
export class Wasmflow {
  readonly home: string;
  readonly root: string;
  readonly store: Store;
  readonly tasks: TaskRegistry;
  readonly flows: FlowRegistry;
  /** The HTTP API's access tokens (see `wasmflow serve`). */
  readonly tokens: TokenRegistry;
  /** Flow runs: list them and show one with every step and attempt. */
  readonly runs: RunQueries;
  /** The runs `resumeInterrupted` resumed when this runtime opened. */
  readonly resumed: readonly FlowRun[];

  private readonly engine: FlowEngine;
  private readonly poolOptions: PoolOptions;
  private pool: WorkerPool | undefined;
  private runner: TaskRunner | undefined;
  private readonly callObservers = new Set<(call: CallObservation) => void>();
  /** How flow steps call: through the runner, observed when anyone observes calls. */
  private readonly stepExecutor = {
    run: (task: RunnableTask, input: unknown, options: RunOptions): Promise<RunResult> =>
      this.observed(task.name, this.taskRunner().run(task, input, options)),
  };
  private readonly runnables = new WeakMap<RegisteredTask, RunnableTask>();

  private constructor(home: string, root: string, store: Store, poolOptions: PoolOptions, resumeInterrupted: boolean) {
    this.home = home;
    this.root = root;
    this.store = store;
    this.tasks = new TaskRegistry(store);
    this.flows = new FlowRegistry(store, this.tasks);
    this.tokens = new TokenRegistry(store);
    this.poolOptions = poolOptions;
    this.engine = new FlowEngine({ store, tasks: this.tasks, runner: () => this.stepExecutor });
    this.runs = new RunQueries(store, (owner, id) => this.engine.isInterrupted(owner, id));
    this.resumed = resumeInterrupted ? this.engine.resume() : [];
  }

  static open(options: WasmflowOptions = {}): Wasmflow {
    checkOptionsObject("options", options);
    checkOptionalString("options.home", options.home, "a folder path");
    checkOptionalString("options.root", options.root, "a folder path");
    checkOptionsObject("options.pool", options.pool);
    // Checked now, not when the pool starts at the first run.
    resolvePoolOptions(options.pool ?? {}, "options.pool");
    checkOptionalBoolean("options.resumeInterrupted", options.resumeInterrupted);
    const home = resolveHome(options.home);
    const root = resolve(options.root ?? process.cwd());
    const store = Store.open(
      options.busyTimeoutMs === undefined ? { home } : { home, busyTimeoutMs: options.busyTimeoutMs },
    );
    try {
      return new Wasmflow(home, root, store, options.pool ?? {}, options.resumeInterrupted === true);
    } catch (error) {
      store.close();
      throw error;
    }
  }

  /**
   * Runs a registered task (`name` or `name@revision`) once, in a fresh instance on the worker
   * pool, and returns its typed output with the guest's logs. Failures are `TaskRunError`s.
   */
  run(task: string, input: unknown, options?: RunOptions): Promise<RunResult> {
    // Not `async`: returning the runner's promise from an async function would cost every call
    // two more turns of the microtask queue.
    let runnable: RunnableTask;
    try {
      checkReference("task", task);
      checkOptionsObject("options", options);
      runnable = this.runnable(this.tasks.get(task));
    } catch (error) {
      return Promise.reject(error);
    }
    return this.observed(runnable.name, this.taskRunner().run(runnable, input, options));
  }

  /**
   * Calls `listener` after every task call this runtime makes — `run` and flow steps alike — with
   * the task, how it ended (`ok` or the error's code) and how long it took: what metrics count.
   * Returns the function that stops it. A listener that throws is ignored.
   */
  observeCalls(listener: (call: CallObservation) => void): () => void {
    this.callObservers.add(listener);
    return () => {
      this.callObservers.delete(listener);
    };
  }

  /**
   * Calls `listener` with every event of every run this process executes, and its run's flow,
   * right after the run's own listener (for metrics); returns the function that stops it.
   */
  observeEvents(listener: (event: FlowEvent, flow: string) => void): () => void {
    this.engine.observers.add(listener);
    return () => {
      this.engine.observers.delete(listener);
    };
  }

  /** The worker pool's calls running and queued now (none before its first call). */
  load(): { readonly running: number; readonly queued: number; readonly workersReplaced: number } {
    return this.pool?.load ?? { running: 0, queued: 0, workersReplaced: 0 };
  }

  private observed(task: string, call: Promise<RunResult>): Promise<RunResult> {
    // Nobody observes: the call's own promise, at no cost.
    if (this.callObservers.size === 0) return call;
    const started = performance.now();
    const report = (outcome: string): void => {
      const observation = { task, outcome, durationMs: performance.now() - started };
      for (const listener of this.callObservers) {
        try {
          listener(observation);
        } catch {
          // An observer's bug does not fail the call.
        }
      }
    };
    call.then(
      () => report("ok"),
      (error: unknown) => report(error instanceof WasmflowError ? error.code : "INTERNAL"),
    );
    return call;
  }

  /** The registry answers the same object while nothing is registered: so is the runnable form of it, and the runner's plan for it. */
  private runnable(found: RegisteredTask): RunnableTask {
    let runnable = this.runnables.get(found);
    if (runnable === undefined) {
      runnable = {
        name: found.name,
        revision: found.revision,
        definition: found.definition,
        moduleHash: found.moduleHash,
        moduleBytes: () => this.tasks.moduleBytes(found),
      };
      this.runnables.set(found, runnable);
    }
    return runnable;
  }

  /** Runs a task straight from its definition file, checking its module first, without registering it. */
  async runDefinition(file: string, input: unknown, options: RunOptions = {}): Promise<RunResult> {
    checkReference("file", file);
    checkOptionsObject("options", options);
    const prepared = await this.tasks.prepareLoaded(await loadTaskDefinition(file), this.root);
    return this.taskRunner().run(
      {
        name: prepared.definition.name,
        definition: prepared.definition,
        moduleHash: prepared.moduleHash,
        moduleBytes: () => prepared.bytes,
      },
      input,
      options,
    );
  }

  /**
   * Runs every static check of a flow against the tasks registered now: references, cycles,
   * reachability, joins and the types along every edge. Takes a flow file (`*.json`) or a
   * registered flow (`name` or `name@revision`) — a registered flow is checked again because the
   * tasks it calls may have changed since it was added. Throws one `DefinitionError` listing all
   * problems.
   */
  /**
   * Parses and checks a flow definition given as a value (as JSON gives it) against the registered
   * tasks, registering nothing: one `DEFINITION_INVALID` with every problem, or its definition
   * and graph. What `flows.add` stores, it checks first the same way.
   */
  checkFlowDefinition(value: unknown): { definition: FlowDefinition; graph: FlowGraph } {
    const definition = parseFlowDefinition(value);
    return { definition, graph: validateFlow(definition, registeredTaskTypes(this.tasks)) };
  }

  async validateFlow(flow: string): Promise<{ definition: FlowDefinition; graph: FlowGraph }> {
    checkReference("flow", flow);
    if (!isFlowFile(flow)) {
      const { definition } = this.flows.get(flow);
      return { definition, graph: validateFlow(definition, registeredTaskTypes(this.tasks)) };
    }
    const { definition } = await loadFlowDefinition(flow);
    const graph = validateFlow(definition, registeredTaskTypes(this.tasks), flow);
    return { definition, graph };
  }

  /**
   * A flow as `flow show` and `flow inspect` take it: registered (`name` or `name@revision`), or a
   * flow file (`*.json`), which is checked first exactly as `validateFlow` checks it. A registered
   * flow's graph is read as it was registered: it was checked against the tasks then, and each run
   * pins the task revisions it starts with.
   */
  async describeFlow(flow: string): Promise<DescribedFlow> {
    checkReference("flow", flow);
    if (isFlowFile(flow)) return { ...(await this.validateFlow(flow)), file: flow };
    return this.describeRegisteredFlow(flow);
  }

  /**
   * A registered flow (`name` or `name@revision`) with its graph; never reads a file. The graph's
   * report types each edge with the output its upstream task declares now — what a run started now
   * would pin; an edge from a step whose task is no longer registered is left untyped.
   */
  describeRegisteredFlow(reference: string): DescribedFlow {
    const registered = this.flows.get(reference);
    const types = registeredTaskTypes(this.tasks);
    const graph = requireValidFlow(registered.definition, { taskOutput: (task) => types(task)?.output });
    return { definition: registered.definition, graph, registered };
  }

  /** Checks a flow file against the registered tasks and registers it as the next revision of its name. */
  async addFlow(file: string): Promise<FlowRegistrationResult> {
    checkReference("file", file);
    const { definition } = await loadFlowDefinition(file);
    return this.flows.add(definition, file);
  }

  /**
   * Starts a run of a registered flow (`name` or `name@revision`) or of a flow file (`*.json`).
   * `input` undefined uses the flow's `initial`. Resolves once the run is committed to the store
   * (its id names a run that a crash from then on leaves resumable, never lost); runs started in
   * the same turn share one commit. Every step and attempt is persisted; iterate
   * `events` for progress and await `result` for the outcome (a failed run resolves with
   * `status: "failed"` and the error of the step that caused it).
   */
  async startFlow(flow: string, input?: unknown, options: StartFlowOptions = {}): Promise<FlowRun> {
    checkReference("flow", flow);
    checkStartFlowOptions(options);
    return this.engine.start(await this.flowSource(flow), input, options);
  }

  /** `startFlow` and wait for the result. */
  async runFlow(flow: string, input?: unknown, options: StartFlowOptions = {}): Promise<FlowRunResult> {
    return (await this.startFlow(flow, input, options)).result;
  }

  /**
   * Continues interrupted runs — those given, or every run whose process is gone — from their
   * committed steps; returns the runs resumed. With ids, all or nothing: if one cannot be resumed,
   * its error (`RUN_NOT_FOUND`, `RUN_NOT_RESUMABLE`) is thrown and none is resumed.
   */
  resumeRuns(ids?: readonly string[], options: Pick<StartFlowOptions, "onEvent"> = {}): FlowRun[] {
    if (ids !== undefined && (!Array.isArray(ids) || !ids.every((id) => typeof id === "string"))) {
      throw new UsageError("ids must be an array of run ids (strings)");
    }
    checkStartFlowOptions(options);
    return this.engine.resume(ids, options);
  }

  /** Resumes each run given, answering each on its own: the run resumed, or the error that says why not. */
  resumeEach(ids: readonly string[], options: Pick<StartFlowOptions, "onEvent"> = {}): ResumeAnswer[] {
    return this.engine.resumeEach(ids, options);
  }

  /**
   * Cancels a run, here or in another process (which is asked through the store, waiting up to
   * `waitMs` for it to stop), or one that was interrupted; resolves with it `cancelled` (also if it
   * already was). A run that succeeded or failed rejects with `RUN_FINISHED`.
   */
  cancelRun(id: string, waitMs?: number): Promise<FlowRunResult> {
    if (typeof id !== "string" || id === "") return Promise.reject(new UsageError("id must be a run id (a string)"));
    if (waitMs !== undefined && (!Number.isSafeInteger(waitMs) || waitMs < 0)) {
      return Promise.reject(new UsageError(`waitMs must be a non-negative integer, got ${String(waitMs)}`));
    }
    return this.engine.cancel(id, waitMs);
  }

  /**
   * A run's history: every event it has committed (after `after`, a sequence number), in order,
   * then — unless `follow` is false — each new one as it is committed, by this process or any
   * other on the same home, until the run finishes. Replaying a finished run ends after its last
   * event; `signal` stops following. Throws `RUN_NOT_FOUND` for an unknown id.
   */
  history(id: string, options: HistoryOptions = {}): AsyncIterable<FlowEvent> {
    if (typeof id !== "string" || id === "") throw new UsageError("id must be a run id (a string)");
    const after = options.after ?? 0;
    if (!Number.isSafeInteger(after) || after < 0) {
      throw new UsageError(`after must be a non-negative integer (a sequence number), got ${String(options.after)}`);
    }
    return this.engine.history(id, options);
  }

  /**
   * Every run's history in the order it was committed, by this process or any other on the same
   * home: from the present on (new events only), or after a `position` an earlier feed gave
   * (`"0"`: from the first event stored); `flow` keeps one flow's runs. Follows until `signal`
   * aborts, unless `follow` is false.
   */
  feed(options: FeedOptions = {}): AsyncIterable<FeedEvent> {
    if (options.flow !== undefined) checkReference("flow", options.flow);
    return this.engine.feed(options);
  }

  /**
   * Records a run of this process cancelled at once, without waiting for its calls to stop: for a
   * process about to exit. Returns the run as then stored (a run that finished first keeps its outcome).
   */
  cancelRunNow(id: string): FlowRunResult {
    return this.engine.cancelNow(id);
  }

  private async flowSource(flow: string): Promise<FlowSource> {
    if (isFlowFile(flow)) return { definition: (await loadFlowDefinition(flow)).definition };
    const registered = this.flows.get(flow);
    return { definition: registered.definition, revision: registered.revision };
  }

  private taskRunner(): TaskRunner {
    this.pool ??= new WorkerPool(this.poolOptions);
    this.runner ??= new TaskRunner(this.pool);
    return this.runner;
  }

  /**
   * Registers task definition files all or nothing: every file is loaded and its module checked
   * first, and only if all pass are they stored, in one transaction.
   */
  async addTasks(files: readonly string[]): Promise<RegistrationResult[]> {
    if (!Array.isArray(files) || !files.every((file) => typeof file === "string" && file !== "")) {
      throw new UsageError("files must be an array of definition file paths (non-empty strings)");
    }
    const prepared = [];
    const failures: { file: string; error: WasmflowError }[] = [];
    for (const file of files) {
      try {
        prepared.push(await this.tasks.prepareLoaded(await loadTaskDefinition(file), this.root));
      } catch (error) {
        if (!(error instanceof WasmflowError)) throw error;
        failures.push({ file, error });
      }
    }
    if (failures.length === 1 && failures[0] !== undefined) throw failures[0].error;
    if (failures.length > 1) {
      const issues = failures.flatMap(({ file, error }) =>
        error.issues.length > 0
          ? error.issues.map((issue) => ({ ...issue, path: `${file}: ${issue.path}` }))
          : [{ code: error.code, path: file, message: error.message }],
      );
      throw new WasmflowError(
        "TASKS_INVALID",
        `${failures.length} of ${files.length} task definitions were refused; nothing was registered`,
        {
          issues,
        },
      );
    }
    return this.tasks.commit(prepared);
  }

  /** Lets running flows finish, stops the worker pool (letting running calls finish) and closes the store. */
  async close(): Promise<void> {
    try {
      await this.engine.close();
      await this.pool?.close();
    } finally {
      this.store.close();
    }
  }
}
