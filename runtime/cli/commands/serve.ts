import type { Command } from "commander";
import { packageManifest } from "../../package-root.js";
import { withWasmflow } from "../context.js";
import { integer } from "../options.js";
import type { Output } from "../output.js";

interface ServeOptions {
  port?: string;
  host?: string;
  grace?: string;
}

/**
 * `wasmflow serve`: the HTTP API over the project's home, in this process, until SIGINT or
 * SIGTERM. Interrupted runs are resumed as it starts; on a signal it stops accepting requests and
 * lets requests and runs in progress finish for the grace period; what is still running then (or
 * at a second signal) is left resumable, for the next `serve` to resume, and it exits 0.
 */
export function registerServe(program: Command, output: (cmd: Command) => Output): void {
  program
    .command("serve")
    .description("serve the HTTP API (tasks, flows, runs, live event streams) over this home")
    .option("--port <n>", "the port to listen on (0: any free port)", "8787")
    .option("--host <address>", "the address to listen on (off loopback only with an access token)", "127.0.0.1")
    .option("--grace <ms>", "on SIGINT/SIGTERM, how long requests and runs in progress may take to finish", "30000")
    .action(async (options: ServeOptions, cmd: Command) => {
      const out = output(cmd);
      const port = integer("--port", options.port ?? "8787");
      const graceMs = integer("--grace", options.grace ?? "30000");
      const { startServer } = await import("../../server/index.js");
      await withWasmflow(cmd, async (wf) => {
        const resumed = wf.resumeRuns();
        const server = await startServer({
          wf,
          logger: await requestLogger(),
          port,
          ...(options.host === undefined ? {} : { host: options.host }),
          version: packageManifest().version,
        });
        out.result({ url: server.url, resumed: resumed.map((run) => run.id) }, () => `listening on ${server.url}`);
        out.progress(`serving ${wf.home} at ${server.url}; Ctrl-C stops`);
        if (resumed.length > 0) out.progress(`resumed ${resumed.length} interrupted run(s)`);
        await new Promise<void>((resolve) => {
          process.once("SIGINT", resolve);
          process.once("SIGTERM", resolve);
        });
        out.progress(`stopping: no new requests; giving those in progress and the runs of this process ${graceMs} ms`);
        // Past the grace period, or at a second signal, nothing more is waited for: the runs
        // still going are left as the store has them, resumed by the next `serve`.
        const leave = (why: string) => (): void => {
          const left = wf.runs.live().length;
          out.progress(`${why}: exiting; ${left} run(s) left for the next serve to resume`);
          process.exit(0);
        };
        setTimeout(leave("grace period over"), graceMs).unref();
        process.once("SIGINT", leave("second signal"));
        process.once("SIGTERM", leave("second signal"));
        await server.close(graceMs);
      });
    });
}

/**
 * JSON lines on stderr (stdout carries the command's own result), one per request with its id;
 * on a terminal, the same records made readable by pino-pretty.
 */
async function requestLogger() {
  const { default: pino } = await import("pino");
  const options = { base: { service: "wasmflow" } };
  if (process.stderr.isTTY !== true) return pino(options, pino.destination({ dest: 2, sync: false }));
  const { default: pretty } = await import("pino-pretty");
  return pino(options, pretty({ destination: 2, colorize: true, singleLine: true, ignore: "pid,hostname,service" }));
}
