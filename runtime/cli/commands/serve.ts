import type { Command } from "commander";
import { packageManifest } from "../../package-root.js";
import { withWasmflow } from "../context.js";
import { integer } from "../options.js";
import type { Output } from "../output.js";

interface ServeOptions {
  port?: string;
  host?: string;
}

/**
 * `wasmflow serve`: the HTTP API over the project's home, in this process, until SIGINT or
 * SIGTERM. Interrupted runs are resumed as it starts; on a signal it stops accepting requests and
 * waits for the runs it executes to finish (a second signal leaves them resumable and exits).
 */
export function registerServe(program: Command, output: (cmd: Command) => Output): void {
  program
    .command("serve")
    .description("serve the HTTP API (tasks, flows, runs, live event streams) over this home")
    .option("--port <n>", "the port to listen on (0: any free port)", "8787")
    .option("--host <address>", "the address to listen on (off loopback only with an access token)", "127.0.0.1")
    .action(async (options: ServeOptions, cmd: Command) => {
      const out = output(cmd);
      const port = integer("--port", options.port ?? "8787");
      const { startServer } = await import("../../server/index.js");
      await withWasmflow(cmd, async (wf) => {
        const resumed = wf.resumeRuns();
        const { default: pino } = await import("pino");
        const server = await startServer({
          wf,
          // JSON lines on stderr: stdout carries the command's own result.
          logger: pino({ base: { service: "wasmflow" } }, pino.destination({ dest: 2, sync: false })),
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
        out.progress("stopping: no new requests; waiting for the runs of this process to finish");
        // A second signal does not wait: the runs left are resumed by the next `serve`.
        const again = (): void => process.exit(0);
        process.once("SIGINT", again);
        process.once("SIGTERM", again);
        await server.close();
      });
    });
}
