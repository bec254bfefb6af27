import type { Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { serve } from "@hono/node-server";
import type { Logger } from "pino";
import { type ErrorCode, UsageError, type Wasmflow } from "../index.js";
import { createApi } from "./app.js";
import { defaultDashboardRoot } from "./dashboard-files.js";
import { bodyOf } from "./http-errors.js";
import { ServerMetrics } from "./metrics.js";
import { RunBroadcasts } from "./run-broadcast.js";

export interface ServerOptions {
  /** The runtime served; the server does not close it. */
  readonly wf: Wasmflow;
  /** @default 8787; 0 picks a free port. */
  readonly port?: number;
  /** @default "127.0.0.1" */
  readonly host?: string;
  /** The version `/openapi.json` reports. */
  readonly version?: string;
  /** Where requests are logged (pino); none by default. `wasmflow serve` logs JSON lines to stderr. */
  readonly logger?: Logger;
  /** Event streams open at once; past it, `STREAMS_FULL` (429). @default 1000 */
  readonly maxStreams?: number;
  /** Time for a request's headers to arrive, in ms (then 408 `REQUEST_TIMEOUT`). @default 10000 */
  readonly headersTimeoutMs?: number;
  /** Time for a whole request (headers and body) to arrive, in ms (then 408). @default 30000 */
  readonly requestTimeoutMs?: number;
  /** Comments on an idle event stream, in ms. @default 15000 */
  readonly heartbeatMs?: number;
  /**
   * An event stream whose client takes nothing for this long (its socket buffers full) is
   * dropped, so a stalled reader costs a bounded buffer. @default 30000
   */
  readonly streamWriteTimeoutMs?: number;
  /**
   * The web dashboard at `/`: the folder of its built files (the package's own by default), or
   * `false` for the API alone.
   */
  readonly dashboard?: string | false;
}

export interface RunningServer {
  /** `http://host:port`, with the port actually bound. */
  readonly url: string;
  readonly port: number;
  /**
   * Stops accepting connections (`/readyz` answers 503), ends open event streams (their clients
   * reconnect with `Last-Event-ID`), lets requests in progress finish for up to `graceMs`
   * (default 10 000) and then cuts them, and resolves once the server is closed.
   */
  close(graceMs?: number): Promise<void>;
}

const loopback = new Set(["127.0.0.1", "::1", "localhost"]);

/**
 * Serves `wf` over HTTP. Off a loopback address only with access tokens: anyone who could reach
 * an open API could run tasks and read every run.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 8787;
  const exposed = !loopback.has(host);
  if (exposed && !options.wf.tokens.any()) {
    throw new UsageError(
      `refusing to listen on ${host} without an access token: anyone who can reach it could run tasks and read every run. Create one first (wasmflow token create --scope read|run|admin), or listen on 127.0.0.1`,
    );
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`port must be 0 to 65535, not ${port}`);
  let accepting = true;
  const streams = { open: new Set<() => void>(), max: options.maxStreams ?? 1000 };
  const metrics = new ServerMetrics(options.wf);
  const app = createApi(
    {
      wf: options.wf,
      ready: () => accepting,
      tokensAlways: exposed,
      metrics,
      logger: options.logger,
      streams,
      broadcasts: new RunBroadcasts(options.wf),
      heartbeatMs: options.heartbeatMs ?? 15_000,
      writeTimeoutMs: options.streamWriteTimeoutMs ?? 30_000,
      dashboard: options.dashboard === false ? undefined : (options.dashboard ?? defaultDashboardRoot()),
    },
    options.version ?? "0",
  );
  const requestTimeout = options.requestTimeoutMs ?? 30_000;
  const server = serve({
    fetch: app.fetch,
    port,
    hostname: host,
    serverOptions: {
      // A slow or stalled request holds a connection: it gets this long, headers first.
      headersTimeout: Math.min(options.headersTimeoutMs ?? 10_000, requestTimeout),
      requestTimeout,
      // How often Node looks for requests past those times (its default, 30 s, would let a short one run long).
      connectionsCheckingInterval: Math.max(100, Math.min(1000, requestTimeout / 4)),
      // The default 16 KiB of headers: a flood past it is refused by the parser (431).
      maxHeaderSize: 16 * 1024,
    },
  });
  server.on("clientError", answerClientError);
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${bound}`,
    port: bound,
    close: (graceMs = 10_000) =>
      new Promise<void>((resolve) => {
        accepting = false;
        metrics.close();
        const http = server as HttpServer;
        const cut = setTimeout(() => http.closeAllConnections(), graceMs);
        // A connection whose request has been answered is closed as soon as it is idle.
        const idle = setInterval(() => http.closeIdleConnections(), 50);
        http.close(() => {
          clearTimeout(cut);
          clearInterval(idle);
          resolve();
        });
        // Event streams would stay open until their runs end: they are ended now.
        for (const end of streams.open) end();
        http.closeIdleConnections();
      }),
  };
}

/**
 * What Node's HTTP parser refuses before any route sees it — headers too large, a request too
 * slow, bytes that are not HTTP — answered in the API's error shape, and the connection closed.
 */
function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason, code, message]: [number, string, ErrorCode, string] =
    error.code === "HPE_HEADER_OVERFLOW"
      ? [431, "Request Header Fields Too Large", "REQUEST_TOO_LARGE", "the request's headers are over 16 KiB"]
      : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? [408, "Request Timeout", "REQUEST_TIMEOUT", "the request did not arrive in time"]
        : [400, "Bad Request", "REQUEST_INVALID", "the request is not valid HTTP"];
  const body = JSON.stringify(bodyOf(code, message));
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
