import { connect } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { findTaskDefinitionFiles, Wasmflow } from "../../runtime/index.js";
import { type RunningServer, startServer } from "../../runtime/server/index.js";
import { longFibFlow, root } from "../flows/engine/harness.js";
import { tempProject } from "../helpers/project.js";

// Requests no fetch would send, written to a socket by hand: each must get its status and code
// in the API's error shape, and the server must go on serving.

let wf: Wasmflow;
let server: RunningServer;

beforeAll(async () => {
  const project = tempProject("wf-raw-");
  wf = Wasmflow.open({ home: project.home, root, pool: { threads: 1 } });
  await wf.addTasks(await findTaskDefinitionFiles(root));
  await wf.addFlow(project.write("flows/long-fib.flow.json", JSON.stringify(longFibFlow)));
  server = await startServer({ wf, port: 0, requestTimeoutMs: 1000, headersTimeoutMs: 1000, maxStreams: 2 });
});

afterAll(async () => {
  await server?.close();
  await wf?.close();
});

/** Writes `parts` (pausing `pauseMs` between them) and reads the answer until the server closes. */
function raw(parts: readonly string[], pauseMs = 0): Promise<{ status: number; code: string | undefined }> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, "127.0.0.1");
    let answer = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      answer += chunk;
    });
    socket.on("error", reject);
    socket.on("close", () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);
      const body = answer.slice(answer.indexOf("\r\n\r\n") + 4);
      let code: string | undefined;
      try {
        code = (JSON.parse(body) as { error?: { code?: string } }).error?.code;
      } catch {
        code = undefined;
      }
      resolve({ status, code });
    });
    socket.on("connect", async () => {
      for (const part of parts) {
        if (socket.destroyed) break;
        socket.write(part);
        if (pauseMs > 0) await new Promise((wait) => setTimeout(wait, pauseMs));
      }
    });
  });
}

const post = (headers: string) =>
  `POST /v1/tasks/word-count/runs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nConnection: close\r\n${headers}`;

test.each([
  ["a declared 1 GB body", [`${post("Content-Length: 1073741824\r\n")}\r\n{"input":`], 0, 413, "REQUEST_TOO_LARGE"],
  [
    "a header flood (2 000 headers)",
    [`${post(Array.from({ length: 2000 }, (_, i) => `X-Flood-${i}: ${"y".repeat(20)}\r\n`).join(""))}\r\n`],
    0,
    431,
    "REQUEST_TOO_LARGE",
  ],
  [
    "a body that never finishes",
    [`${post("Content-Length: 100\r\n")}\r\n{"input":`, "{", '"te'],
    700,
    408,
    "REQUEST_TIMEOUT",
  ],
  ["bytes that are not HTTP", ["\u0000\u0001\u0002 not http at all\r\n\r\n"], 0, 400, "REQUEST_INVALID"],
] as const)(
  "%s is answered with its status and code, and the server goes on serving",
  async (_name, parts, pauseMs, status, code) => {
    expect(await raw(parts, pauseMs)).toEqual({ status, code });
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  },
  20_000,
);

test("past its cap on open event streams the server answers 429 STREAMS_FULL, and takes one again once one closes", async () => {
  const run = await wf.startFlow("long-fib", { n: 2_147_483_647 });
  const url = `${server.url}/v1/runs/${run.id}/events`;
  const holders = [new AbortController(), new AbortController()];
  try {
    // Two streams on a run that goes on for seconds: the cap (2) is reached.
    for (const holder of holders) {
      const response = await fetch(url, { signal: holder.signal });
      expect(response.status).toBe(200);
      // Its first event has come: the stream is open and counted.
      await (response.body as ReadableStream<Uint8Array>).getReader().read();
    }
    const refused = await fetch(url);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(await refused.json()).toMatchObject({ error: { code: "STREAMS_FULL" } });
    holders[0]?.abort();
    let again: Response | undefined;
    for (let tries = 0; tries < 100; tries += 1) {
      again = await fetch(url);
      if (again.status === 200) break;
      await new Promise((wait) => setTimeout(wait, 20));
    }
    expect(again?.status).toBe(200);
    await again?.body?.cancel();
  } finally {
    for (const holder of holders) holder.abort();
    await wf.cancelRun(run.id);
  }
});
