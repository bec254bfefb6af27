import { Agent } from "undici";
import { afterAll, beforeAll, expect, test } from "vitest";
import { findTaskDefinitionFiles, Wasmflow } from "../../runtime/index.js";
import { type RunningServer, startServer } from "../../runtime/server/index.js";
import { root } from "../flows/engine/harness.js";
import { tempProject } from "../helpers/project.js";

let wf: Wasmflow;
let server: RunningServer;

beforeAll(async () => {
  const project = tempProject("wf-flood-");
  // A small queue: a flood must meet it, and be told to come back, not pile up.
  wf = Wasmflow.open({ home: project.home, root, pool: { threads: 2, maxQueue: 50 } });
  await wf.addTasks(await findTaskDefinitionFiles(root));
  server = await startServer({ wf, port: 0 });
});

afterAll(async () => {
  await server?.close();
  await wf?.close();
});

test("10 000 concurrent task runs are each answered, 200 or 429 with Retry-After; the server goes on serving", async () => {
  const agent = new Agent({ connections: 512, pipelining: 1 });
  try {
    const answers = await Promise.all(
      Array.from({ length: 10_000 }, async (_, i) => {
        const response = await fetch(`${server.url}/v1/tasks/add/runs`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ input: { a: i, b: 1 } }),
          // @ts-expect-error undici's dispatcher option is not in the DOM RequestInit type
          dispatcher: agent,
        });
        const body = (await response.json()) as { output?: number; error?: { code: string } };
        return { status: response.status, body, retryAfter: response.headers.get("retry-after"), i };
      }),
    );
    const byStatus = new Map<number, number>();
    for (const answer of answers) byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
    const seen = JSON.stringify([...byStatus]);
    expect(
      [...byStatus.keys()].every((status) => status === 200 || status === 429),
      seen,
    ).toBe(true);
    for (const answer of answers) {
      if (answer.status === 200) expect(answer.body.output).toBe(answer.i + 1);
      else
        expect({ code: answer.body.error?.code, retryAfter: answer.retryAfter }).toEqual({
          code: "QUEUE_FULL",
          retryAfter: "1",
        });
    }
    expect(byStatus.get(200), seen).toBeGreaterThan(0);
    // 512 connections against 2 threads and a queue of 50: the queue is met.
    expect(byStatus.get(429), seen).toBeGreaterThan(0);
  } finally {
    await agent.close();
  }
  expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  const after = await fetch(`${server.url}/v1/tasks/add/runs`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ input: { a: 1, b: 1 } }),
  });
  expect(await after.json()).toEqual(expect.objectContaining({ output: 2 }));
}, 120_000);
