import { WasmflowError } from "../errors/index.js";
import type {
  FlowEvent,
  FlowRunResult,
  GraphReport,
  ModuleInfo,
  RegisteredFlow,
  RegisteredTask,
  RunDetails,
  RunFilter,
  RunPage,
  RunResult,
  TokenScope,
} from "../index.js";
import { eventOf, finalEventTypes, messagesOf } from "./event-stream.js";
import { errorOfResponse, unreachable } from "./http-errors.js";

export interface ClientOptions {
  /** The server's base URL, e.g. `http://127.0.0.1:8787`. */
  readonly url: string;
  /** An access token (`wasmflow token create`), sent as `Authorization: Bearer`. */
  readonly token?: string;
  /** The fetch to use: the global one by default. */
  readonly fetch?: typeof fetch;
  /** How many times in a row an event stream is reopened after its connection drops. @default 10 */
  readonly reconnects?: number;
  /** Wait before reopening a dropped event stream, doubled each time up to 5 s. @default 250 */
  readonly reconnectDelayMs?: number;
}

/** A registered task with its module's inspection and its name's revisions. */
export interface TaskShown {
  readonly task: RegisteredTask;
  readonly module: ModuleInfo;
  readonly revisions: readonly number[];
}

/** What the caller may do (`GET /v1/session`): where no token is needed, everything (`admin`). */
export interface Session {
  readonly tokensRequired: boolean;
  readonly token: { readonly id: string; readonly name?: string; readonly scope: TokenScope } | null;
  readonly scope: TokenScope;
}

/** The numbers an overview starts from (`GET /v1/stats`). */
export interface Stats {
  /** Runs by flow and stored status (`running` counts interrupted runs too). */
  readonly runs: readonly { readonly flow: string; readonly status: string; readonly count: number }[];
  /** Runs a live process is executing now. */
  readonly live: number;
  readonly pool: { readonly running: number; readonly queued: number };
  /** Task calls finished since the server started, by task and outcome (`ok`, or the error code). */
  readonly calls: readonly { readonly task: string; readonly outcome: string; readonly count: number }[];
}

/** A registered flow with its graph's analysis (`FlowGraph.report`), each edge with the type it carries. */
export interface FlowShown {
  readonly flow: RegisteredFlow;
  readonly graph: GraphReport;
}

export interface TaskCallOptions {
  readonly timeoutMs?: number;
  readonly seed?: number;
  readonly signal?: AbortSignal;
}

export interface StartOptions {
  /** The same key with the same input answers the same run; with another input, IDEMPOTENCY_CONFLICT. */
  readonly idempotencyKey?: string;
  /** Answer the finished run if it ends within this many ms. */
  readonly wait?: number;
  /** A W3C trace context: recorded on the run it starts. */
  readonly traceparent?: string;
  readonly signal?: AbortSignal;
}

/** A run the server started, or found by its idempotency key (`reused`); `result` when it ended within `wait`. */
export interface StartedRun {
  readonly id: string;
  readonly reused: boolean;
  readonly result?: FlowRunResult;
}

export interface FeedStreamOptions {
  /** After this position (an earlier event's); `"0"` from the first event stored; none: from now. */
  readonly after?: string;
  /** Only the runs of this flow. */
  readonly flow?: string;
  readonly signal?: AbortSignal;
}

export interface EventStreamOptions {
  /** Only events after this sequence number (0: from the first). */
  readonly after?: number;
  /** Follow the run until it ends (the default), or stop after the events recorded so far. */
  readonly follow?: boolean;
  readonly signal?: AbortSignal;
}

type Query = Readonly<Record<string, string | number | undefined>>;

interface RequestOptions {
  readonly query?: Query;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string | undefined>>;
  readonly signal?: AbortSignal;
}

/**
 * The typed client of the wasmflow HTTP API: each method is one route, answered with the library's
 * own types (values in the JSON mapping: 64-bit integers as strings, bytes as base64), and every
 * refusal thrown as the `WasmflowError` the library would have thrown, with the same code. It
 * uses only `fetch` and web streams, so it runs in Node and in a browser alike.
 */
export class WasmflowClient {
  readonly url: string;
  private readonly token: string | undefined;
  private readonly fetchImpl: typeof fetch;
  private readonly reconnects: number;
  private readonly reconnectDelayMs: number;

  constructor(options: ClientOptions) {
    let base: URL;
    try {
      base = new URL(options.url);
    } catch {
      throw new WasmflowError("USAGE", `the server address ${JSON.stringify(options.url)} is not a URL`);
    }
    if (base.protocol !== "http:" && base.protocol !== "https:")
      throw new WasmflowError("USAGE", `the server address must be http:// or https://, not ${base.protocol}`);
    this.url = base.href.replace(/\/+$/, "");
    this.token = options.token;
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.reconnects = options.reconnects ?? 10;
    this.reconnectDelayMs = options.reconnectDelayMs ?? 250;
  }

  /** Whether the server is ready: its store is open and its pool started. */
  async ready(): Promise<boolean> {
    const response = await this.send("GET", "/readyz", {});
    await response.body?.cancel();
    return response.ok;
  }

  /** Whether tokens are needed, and the scope of this client's (`UNAUTHORIZED` if it is wrong). */
  session(): Promise<Session> {
    return this.request("GET", "/v1/session");
  }

  /** Runs by status, live runs, the pool's load and task calls by outcome, now. */
  stats(): Promise<Stats> {
    return this.request("GET", "/v1/stats");
  }

  readonly tasks = {
    list: async (): Promise<RegisteredTask[]> =>
      (await this.request<{ tasks: RegisteredTask[] }>("GET", "/v1/tasks")).tasks,
    show: (reference: string): Promise<TaskShown> => this.request("GET", `/v1/tasks/${segment(reference)}`),
    /** Registers a task: its definition (a `*.task.json`'s content) and its module's bytes. */
    add: (
      definition: unknown,
      module: Uint8Array,
    ): Promise<{ task: RegisteredTask; status: "created" | "unchanged" }> =>
      this.request("POST", "/v1/tasks", { body: { definition, module: base64(module) } }),
    remove: async (reference: string): Promise<number> =>
      (await this.request<{ removed: number }>("DELETE", `/v1/tasks/${segment(reference)}`)).removed,
    /**
     * Runs the task once; its input in the JSON mapping. `timeoutMs` may shorten the task's own
     * timeout (never lengthen it); `seed` seeds the guest's `Math.random`.
     */
    run: (reference: string, input: unknown, options: TaskCallOptions = {}): Promise<RunResult> => {
      const { signal, ...rest } = options;
      return this.request("POST", `/v1/tasks/${segment(reference)}/runs`, {
        body: { input, ...rest },
        ...signalOf({ signal }),
      });
    },
  };

  readonly flows = {
    list: async (): Promise<RegisteredFlow[]> =>
      (await this.request<{ flows: RegisteredFlow[] }>("GET", "/v1/flows")).flows,
    show: (reference: string, options: { paths?: number } = {}): Promise<FlowShown> =>
      this.request("GET", `/v1/flows/${segment(reference)}`, { query: { paths: options.paths } }),
    add: (definition: unknown): Promise<{ flow: RegisteredFlow; status: "created" | "unchanged" }> =>
      this.request("POST", "/v1/flows", { body: { definition } }),
    validate: (definition: unknown): Promise<{ valid: true; flow: string; steps: number }> =>
      this.request("POST", "/v1/flows/validate", { body: { definition } }),
    remove: async (reference: string): Promise<number> =>
      (await this.request<{ removed: number }>("DELETE", `/v1/flows/${segment(reference)}`)).removed,
    /** Starts a run; with `wait`, `result` holds the run if it ended in time. */
    start: async (reference: string, input: unknown, options: StartOptions = {}): Promise<StartedRun> => {
      const answer = await this.request<{ run: FlowRunResult | { id: string; status: "running"; reused?: boolean } }>(
        "POST",
        `/v1/flows/${segment(reference)}/runs`,
        {
          body: input === undefined ? {} : { input },
          query: { wait: options.wait },
          headers: { "idempotency-key": options.idempotencyKey, traceparent: options.traceparent },
          ...signalOf(options),
        },
      );
      const { run } = answer;
      const reused = run.reused === true;
      return "flow" in run ? { id: run.id, reused, result: run } : { id: run.id, reused };
    },
  };

  readonly runs = {
    page: (filter: RunFilter = {}): Promise<RunPage> =>
      this.request("GET", "/v1/runs", {
        query: {
          status: filter.status,
          flow: filter.flow,
          since: filter.since instanceof Date ? filter.since.toISOString() : filter.since,
          until: filter.until instanceof Date ? filter.until.toISOString() : filter.until,
          after: filter.after,
          limit: filter.limit,
        },
      }),
    show: async (id: string): Promise<RunDetails> =>
      (await this.request<{ run: RunDetails }>("GET", `/v1/runs/${segment(id)}`)).run,
    /** Cancels the run; answers it once recorded cancelled, or still running after `wait` ms. */
    cancel: async (id: string, options: { wait?: number } = {}): Promise<FlowRunResult> =>
      (
        await this.request<{ run: FlowRunResult }>("POST", `/v1/runs/${segment(id)}/cancel`, {
          query: { wait: options.wait },
        })
      ).run,
    /** Resumes an interrupted run in the server; follow it with `events`. */
    resume: async (id: string): Promise<{ id: string; status: string }> =>
      (await this.request<{ run: { id: string; status: string } }>("POST", `/v1/runs/${segment(id)}/resume`)).run,
    /**
     * The run's history, replayed then followed until it ends. A dropped connection is reopened
     * from the last event received (`Last-Event-ID`), so no event is missed or repeated.
     */
    events: (id: string, options: EventStreamOptions = {}): AsyncGenerator<FlowEvent> => this.runEvents(id, options),
  };

  private async *runEvents(id: string, options: EventStreamOptions): AsyncGenerator<FlowEvent> {
    const follow = options.follow !== false;
    const messages = this.stream(`/v1/runs/${segment(id)}/events`, {
      query: { follow: follow ? undefined : "false" },
      lastId: String(options.after ?? 0),
      follow,
      signal: options.signal,
    });
    for await (const { event } of messages) {
      yield event;
      // The run's history has nothing after its final event: the server ends the stream there.
      if (finalEventTypes.has(event.type)) return;
    }
  }

  /**
   * Every run's events as they are committed (`GET /v1/events`), from the present on, or after a
   * `position` this feed gave before (`"0"`: every event stored); `flow` keeps one flow's runs.
   * Dropped connections are reopened from the last position received.
   */
  async *feed(options: FeedStreamOptions = {}): AsyncGenerator<{ position: string; event: FlowEvent }> {
    const messages = this.stream("/v1/events", {
      query: { flow: options.flow, after: options.after },
      lastId: options.after,
      follow: true,
      signal: options.signal,
    });
    for await (const { id, event } of messages) yield { position: id, event };
  }

  /** An event stream, reopened from the last id received when its connection drops. */
  private async *stream(
    path: string,
    options: { query: Query; lastId: string | undefined; follow: boolean; signal: AbortSignal | undefined },
  ): AsyncGenerator<{ id: string; event: FlowEvent }> {
    let last = options.lastId;
    let failures = 0;
    for (;;) {
      let response: Response;
      try {
        response = await this.send("GET", path, {
          // Reopened, the stream goes on from the last id: the query's own starting point is dropped.
          query: last === options.lastId ? options.query : { ...options.query, after: undefined },
          headers: { accept: "text/event-stream", "last-event-id": last },
          ...signalOf({ signal: options.signal }),
        });
      } catch (error) {
        if (options.signal?.aborted === true) return;
        failures += 1;
        if (failures > this.reconnects) throw error;
        await this.pause(failures, options.signal);
        continue;
      }
      if (!response.ok || response.body === null) throw await errorOfResponse(response);
      try {
        for await (const message of messagesOf(response.body)) {
          const event = eventOf(message);
          last = message.id ?? last;
          failures = 0;
          yield { id: message.id ?? "", event };
        }
        // The server ended the stream: all of it when not following, else it is shutting down.
        if (!options.follow) return;
      } catch (error) {
        if (options.signal?.aborted === true) return;
        if (error instanceof SyntaxError) throw invalidAnswer(error);
      }
      failures += 1;
      if (failures > this.reconnects)
        throw unreachable(this.url, new Error(`the event stream ${path} dropped ${failures} times in a row`));
      await this.pause(failures, options.signal);
    }
  }

  private async pause(failures: number, signal: AbortSignal | undefined): Promise<void> {
    const ms = Math.min(5000, this.reconnectDelayMs * 2 ** (failures - 1));
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      signal?.addEventListener(
        "abort",
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
  }

  /** One request whose answer is JSON; a refusal is thrown as the library's error. */
  private async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.send(method, path, options);
    if (!response.ok) throw await errorOfResponse(response);
    try {
      return (await response.json()) as T;
    } catch (error) {
      throw invalidAnswer(error);
    }
  }

  private async send(method: string, path: string, options: RequestOptions): Promise<Response> {
    const target = new URL(this.url + path);
    for (const [key, value] of Object.entries(options.query ?? {}))
      if (value !== undefined) target.searchParams.set(key, String(value));
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(options.headers ?? {})) if (value !== undefined) headers[key] = value;
    if (this.token !== undefined) headers.authorization = `Bearer ${this.token}`;
    if (options.body !== undefined) headers["content-type"] = "application/json";
    try {
      return await this.fetchImpl(target, {
        method,
        headers,
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
    } catch (error) {
      if (options.signal?.aborted === true) throw error;
      throw unreachable(this.url, error);
    }
  }
}

/** A name, reference or id as one path segment: whatever it holds cannot reach another route. */
function segment(value: string): string {
  return encodeURIComponent(value);
}

function signalOf(options: { signal?: AbortSignal | undefined }): { signal?: AbortSignal } {
  return options.signal === undefined ? {} : { signal: options.signal };
}

function invalidAnswer(cause: unknown): WasmflowError {
  return new WasmflowError("SERVER_RESPONSE_INVALID", "the server's answer is not the JSON the wasmflow API sends", {
    cause,
  });
}

/** Bytes in base64, in Node and in a browser (`btoa` on chunks: no argument list grows with the module). */
function base64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
