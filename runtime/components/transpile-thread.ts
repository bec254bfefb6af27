import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

/**
 * jco-transpile runs in a thread of its own, for two reasons:
 * - It is synchronous WebAssembly once loaded: a JavaScript component's 12 MB take it 1 to 2 s,
 *   which on the main thread would stall a server's every request and event stream meanwhile.
 * - It is a Rust program compiled to a component, and a panic inside it leaves its instance
 *   unable to be entered again: every later transpile in that process would fail. A thread whose
 *   job failed is thrown away, so the next job gets a new instance.
 *
 * One job at a time (a transpile is CPU-bound); the thread ends after a while without work, and
 * never keeps the process alive.
 */

/** The thread's program: CommonJS, as evaluated workers are; jco-transpile is imported as the ES module it is. */
const threadSource = `
const { parentPort, workerData } = require("node:worker_threads");
let tool;
const messageOf = (error) =>
  error instanceof Error ? error.message
  : typeof error === "object" && error !== null && "payload" in error ? String(error.payload)
  : String(error);
parentPort.on("message", async ({ bytes, options }) => {
  try {
    tool ??= import(workerData.toolUrl);
    const { transpileBytes } = await tool;
    const { files } = await transpileBytes(bytes, options);
    const list = Object.entries(files).map(([name, data]) => [name, new Uint8Array(data)]);
    parentPort.postMessage({ ok: true, files: list }, list.map(([, data]) => data.buffer));
  } catch (error) {
    parentPort.postMessage({ ok: false, message: messageOf(error) });
  }
});
`;

/** How long an idle thread is kept: loading jco-transpile again costs a few hundred milliseconds. */
const idleMs = 30_000;

type Reply = { ok: true; files: [string, Uint8Array][] } | { ok: false; message: string };

/** The tool failed on this input, or the thread stopped; the message says which. */
export class TranspileThreadError extends Error {}

let thread: Worker | undefined;
let idleTimer: NodeJS.Timeout | undefined;
let queue: Promise<unknown> = Promise.resolve();

/** Transpiles `bytes` with jco-transpile's `transpileBytes` in the transpile thread. @throws TranspileThreadError */
export function transpileInThread(bytes: Uint8Array, options: object): Promise<Record<string, Uint8Array>> {
  const job = queue.then(() => run(bytes, options));
  queue = job.catch(() => undefined);
  return job;
}

async function run(bytes: Uint8Array, options: object): Promise<Record<string, Uint8Array>> {
  clearTimeout(idleTimer);
  const worker = currentThread();
  let reply: Reply;
  try {
    reply = await ask(worker, bytes, options);
  } catch (error) {
    discard(worker);
    throw error;
  }
  if (!reply.ok) {
    discard(worker);
    throw new TranspileThreadError(reply.message);
  }
  idleTimer = setTimeout(() => discard(worker), idleMs);
  idleTimer.unref();
  return Object.fromEntries(reply.files);
}

function currentThread(): Worker {
  if (thread !== undefined) return thread;
  const toolUrl = pathToFileURL(createRequire(import.meta.url).resolve("@bytecodealliance/jco-transpile")).href;
  thread = new Worker(threadSource, { eval: true, workerData: { toolUrl } });
  thread.unref();
  return thread;
}

function discard(worker: Worker): void {
  if (thread === worker) thread = undefined;
  void worker.terminate();
}

function ask(worker: Worker, bytes: Uint8Array, options: object): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const settle = () => {
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
    };
    const onMessage = (reply: Reply) => {
      settle();
      resolve(reply);
    };
    const onError = (error: Error) => {
      settle();
      reject(new TranspileThreadError(`the transpile thread failed: ${error.message}`));
    };
    const onExit = (code: number) => {
      settle();
      reject(new TranspileThreadError(`the transpile thread stopped (exit code ${code})`));
    };
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.on("exit", onExit);
    // A copy in a buffer of its own, moved: the caller keeps its bytes (they are also the stored
    // component). Not `slice()`: on a Node Buffer that is a view, and moving it would take the
    // caller's buffer away.
    const copy = new Uint8Array(bytes);
    worker.postMessage({ bytes: copy, options }, [copy.buffer]);
  });
}
