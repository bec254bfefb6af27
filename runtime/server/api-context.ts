import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Logger } from "pino";
import type { Wasmflow } from "../index.js";
import type { ServerMetrics } from "./metrics.js";
import type { RunBroadcasts } from "./run-broadcast.js";

/** What every route of the API works on: the runtime it serves, and whether it is ready. */
export interface ApiContext {
  readonly wf: Wasmflow;
  /** False until the pool has started, and once the server is shutting down. */
  readonly ready: () => boolean;
  /** Every API request needs a token, even while none exists (off loopback). */
  readonly tokensAlways: boolean;
  readonly metrics: ServerMetrics;
  /** Each followed run's history, read once for all its streams. */
  readonly broadcasts: RunBroadcasts;
  /** Where each request is logged, with its id; none when undefined. */
  readonly logger: Logger | undefined;
  /** The event streams open now (each by the function that ends it), and the most there may be. */
  readonly streams: { readonly open: Set<() => void>; readonly max: number };
  /** Interval of the comments that keep an idle event stream open through proxies. */
  readonly heartbeatMs: number;
  /** How long an event stream's write may wait on a client that takes nothing before it is dropped. */
  readonly writeTimeoutMs: number;
  /** The folder of the dashboard's built files, served at `/`; none when undefined. */
  readonly dashboard: string | undefined;
}

/** The app routes are added to. */
export type Api = OpenAPIHono;
