import type { FlowDefinition } from "../definition/index.js";
import type { FlowEvent } from "./events.js";
import type { FlowRunResult } from "./run-results.js";

/** A flow to run: a registered revision, or a definition read from a file. */
export interface FlowSource {
  readonly definition: FlowDefinition;
  /** The registered revision; undefined for a flow run straight from its file. */
  readonly revision?: number;
}

export interface StartFlowOptions {
  /**
   * Names this request: a second start with the same key and the same input returns the first run
   * (executing nothing); with a different input it throws `IDEMPOTENCY_CONFLICT`. Keys are scoped
   * to the flow's name.
   */
  readonly idempotencyKey?: string;
  /** Cancels the run: calls in flight are stopped and the run ends `cancelled`. */
  readonly signal?: AbortSignal;
  /** Called synchronously with each event, right after the state it describes is committed. */
  readonly onEvent?: (event: FlowEvent) => void;
  /**
   * The W3C trace context (`traceparent`) of the request that starts the run: recorded on it, so
   * an upstream trace can find the run (`runs show`).
   */
  readonly traceparent?: string;
  /** `json`: the input is JSON-shaped (64-bit integers may be strings, bytes base64). @default "value" */
  readonly format?: "value" | "json";
}

/** A run in progress (or found by its idempotency key). */
export interface FlowRun {
  readonly id: string;
  readonly reused: boolean;
  /** Every event of the run from its start (or, for a resumed run, from its resumption). */
  readonly events: AsyncIterable<FlowEvent>;
  readonly result: Promise<FlowRunResult>;
}
