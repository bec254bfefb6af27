import { Pool } from "undici";

/**
 * The service suite's load generator, in a process of its own so that the server's thread does
 * not also carry the client's work: keeps `concurrency` requests in flight on as many connections
 * (undici's pool) for `durationMs` after `warmupMs`, and prints one JSON line.
 */
interface Load {
  readonly url: string;
  readonly path: string;
  readonly body: unknown;
  readonly concurrency: number;
  readonly warmupMs: number;
  readonly durationMs: number;
}

export interface LoadResult {
  readonly requests: number;
  readonly failed: number;
  readonly seconds: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

const load = JSON.parse(process.argv[2] ?? "{}") as Load;
const pool = new Pool(load.url, { connections: load.concurrency });
const body = JSON.stringify(load.body);

async function drive(untilMs: number, latencies: number[] | undefined): Promise<number> {
  let failed = 0;
  await Promise.all(
    Array.from({ length: load.concurrency }, async () => {
      while (performance.now() < untilMs) {
        const started = performance.now();
        const response = await pool.request({
          method: "POST",
          path: load.path,
          headers: { "content-type": "application/json" },
          body,
        });
        await response.body.text();
        if (response.statusCode !== 200) failed += 1;
        latencies?.push(performance.now() - started);
      }
    }),
  );
  return failed;
}

await drive(performance.now() + load.warmupMs, undefined);
const latencies: number[] = [];
const started = performance.now();
const failed = await drive(started + load.durationMs, latencies);
const seconds = (performance.now() - started) / 1000;
await pool.close();
latencies.sort((a, b) => a - b);
const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
const result: LoadResult = { requests: latencies.length, failed, seconds, p50Ms: at(0.5), p99Ms: at(0.99) };
process.stdout.write(`${JSON.stringify(result)}\n`);
