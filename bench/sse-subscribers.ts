import { createParser } from "eventsource-parser";
import { Agent, request } from "undici";

/**
 * The service suite's event-stream load, in a process of its own: opens `subscribers` streams of
 * one run's events at once (undici, a connection each), reads each with a real SSE parser until
 * the run's final event, and prints one JSON line: how many events each received, and when.
 */
interface Subscribers {
  readonly url: string;
  readonly runId: string;
  readonly subscribers: number;
}

export interface SubscribersResult {
  /** Events each subscriber received; all the same when none lost or repeated one. */
  readonly eventsEach: readonly number[];
  /** Each subscriber's time from opening its stream to the run's final event, in ms, sorted. */
  readonly doneMs: readonly number[];
  /** From opening all streams until the last subscriber had the final event, in seconds. */
  readonly seconds: number;
  /** Streams the server refused (429 past its cap) or that ended with an error. */
  readonly failed: number;
  /** CPU time the subscribers' process used (reading and parsing), in seconds. */
  readonly cpuSeconds: number;
  /** Why, for the first few. */
  readonly reasons: readonly string[];
}

const load = JSON.parse(process.argv[2] ?? "{}") as Subscribers;
const agent = new Agent({ connections: load.subscribers + 1, pipelining: 0 });
const finals = new Set(["run-completed", "run-failed", "run-cancelled"]);
let failed = 0;
const reasons: string[] = [];
const fail = (reason: string): void => {
  failed += 1;
  if (reasons.length < 5) reasons.push(reason);
};

const doneMs: number[] = [];

async function subscribe(): Promise<number> {
  const opened = performance.now();
  const response = await request(`${load.url}/v1/runs/${load.runId}/events`, { dispatcher: agent });
  if (response.statusCode !== 200) {
    fail(`HTTP ${response.statusCode}: ${(await response.body.text()).slice(0, 200)}`);
    return 0;
  }
  let count = 0;
  let done = false;
  const parser = createParser({
    onEvent: (event) => {
      count += 1;
      if (event.event !== undefined && finals.has(event.event)) done = true;
    },
  });
  const decoder = new TextDecoder();
  for await (const chunk of response.body) {
    parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
    if (done) break;
  }
  if (!done) fail(`the stream ended after ${count} events, before the run's final event`);
  else doneMs.push(performance.now() - opened);
  return count;
}

const started = performance.now();
const eventsEach = await Promise.all(
  Array.from({ length: load.subscribers }, () =>
    subscribe().catch((error: unknown) => {
      fail(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
      return 0;
    }),
  ),
);
const seconds = (performance.now() - started) / 1000;
await agent.close();
const cpu = process.cpuUsage();
doneMs.sort((a, b) => a - b);
const result: SubscribersResult = {
  eventsEach,
  doneMs,
  seconds,
  failed,
  reasons,
  cpuSeconds: (cpu.user + cpu.system) / 1e6,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
