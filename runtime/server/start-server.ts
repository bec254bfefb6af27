import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Logger } from "pino";
import { UsageError, type Wasmflow } from "../index.js";
import { createApi } from "./app.js";
import { ServerMetrics } from "./metrics.js";

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
  /** Comments on an idle event stream, in ms. @default 15000 */
  readonly heartbeatMs?: number;
}

export interface RunningServer {
  /** `http://host:port`, with the port actually bound. */
  readonly url: string;
  readonly port: number;
  /** Stops accepting requests, ends open streams, and resolves once the server is closed. */
  close(): Promise<void>;
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
  const metrics = new ServerMetrics(options.wf);
  const app = createApi(
    {
      wf: options.wf,
      ready: () => accepting,
      tokensAlways: exposed,
      metrics,
      logger: options.logger,
      heartbeatMs: options.heartbeatMs ?? 15_000,
    },
    options.version ?? "0",
  );
  const server = serve({ fetch: app.fetch, port, hostname: host });
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${bound}`,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        accepting = false;
        metrics.close();
        server.close(() => resolve());
        // Event streams stay open until their run ends: they are cut, their clients reconnect.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
