import { createParser, type EventSourceMessage } from "eventsource-parser";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { findTaskDefinitionFiles, Wasmflow } from "../../runtime/index.js";
import { type RunningServer, startServer } from "../../runtime/server/index.js";
import { root } from "../flows/engine/harness.js";
import { tempProject } from "../helpers/project.js";

// A real server on an ephemeral port, over a real store and real workers, spoken to with fetch.

let wf: Wasmflow;
let server: RunningServer;

beforeAll(async () => {
  const project = tempProject("wf-server-");
  wf = Wasmflow.open({ home: project.home, root, pool: { threads: 2 } });
  await wf.addTasks(await findTaskDefinitionFiles(root));
  await wf.addFlow(`${root}/flows/triage-text.flow.json`);
  server = await startServer({ wf, port: 0, heartbeatMs: 50 });
});

afterAll(async () => {
  await server?.close();
  await wf?.close();
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text === "" ? undefined : JSON.parse(text) };
}

/** Reads an event stream to its end with a real SSE parser. */
async function readEvents(path: string, headers: Record<string, string> = {}): Promise<EventSourceMessage[]> {
  const response = await fetch(`${server.url}${path}`, { headers });
  expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const events: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => events.push(event) });
  const decoder = new TextDecoder();
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>)
    parser.feed(decoder.decode(chunk, { stream: true }));
  return events;
}

describe("health and the OpenAPI document", () => {
  test("alive and ready; the document is generated from the routes", async () => {
    expect(await call("GET", "/healthz")).toMatchObject({ status: 200, json: { status: "alive" } });
    expect(await call("GET", "/readyz")).toMatchObject({ status: 200, json: { status: "ready" } });
    const doc = (await call("GET", "/openapi.json")).json as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/v1/tasks",
        "/v1/tasks/{ref}",
        "/v1/tasks/{ref}/runs",
        "/v1/flows",
        "/v1/flows/{ref}",
        "/v1/flows/{ref}/runs",
        "/v1/runs",
        "/v1/runs/{id}",
        "/v1/runs/{id}/events",
        "/v1/runs/{id}/cancel",
      ]),
    );
  });
});

describe("tasks", () => {
  test("list, show with the module's inspection, and run once", async () => {
    const list = await call("GET", "/v1/tasks");
    expect(list.json.tasks.map((task: { name: string }) => task.name)).toContain("word-count");
    const shown = await call("GET", "/v1/tasks/word-count");
    expect(shown.json.task).toMatchObject({ name: "word-count", abi: "sdk" });
    expect(shown.json.module.exports.length).toBeGreaterThan(0);
    const ran = await call("POST", "/v1/tasks/word-count/runs", { input: { text: "two words" } });
    expect(ran).toMatchObject({ status: 200, json: { output: { words: 2 } } });
  });

  test("an unknown task is 404 and a refused input 400, each in the one error shape", async () => {
    expect(await call("GET", "/v1/tasks/no-such-task")).toMatchObject({
      status: 404,
      json: { error: { code: "TASK_NOT_FOUND" } },
    });
    const refused = await call("POST", "/v1/tasks/word-count/runs", { input: { text: 7 } });
    expect(refused).toMatchObject({ status: 400, json: { error: { code: "INPUT_INVALID" } } });
    expect(refused.json.error.issues.length).toBeGreaterThan(0);
  });
});

describe("flows and runs", () => {
  test("a run started with wait answers the finished run; without, 202 and where to find it", async () => {
    const done = await call("POST", "/v1/flows/triage-text/runs?wait=20000", { input: { text: "a fine day" } });
    expect(done).toMatchObject({ status: 200, json: { run: { status: "succeeded" } } });
    const started = await call("POST", "/v1/flows/triage-text/runs", { input: { text: "later" } });
    expect(started.status).toBe(202);
    expect(started.headers.get("location")).toBe(`/v1/runs/${started.json.run.id}`);
    const shown = await call("GET", `/v1/runs/${started.json.run.id}`);
    expect(shown.json.run.id).toBe(started.json.run.id);
  });

  test("an idempotency key names one run; another input with it is a 409", async () => {
    const headers = { "idempotency-key": "order-17" };
    const first = await call("POST", "/v1/flows/triage-text/runs?wait=20000", { input: { text: "once" } }, headers);
    const again = await call("POST", "/v1/flows/triage-text/runs?wait=20000", { input: { text: "once" } }, headers);
    expect(again.json.run.id).toBe(first.json.run.id);
    const other = await call("POST", "/v1/flows/triage-text/runs", { input: { text: "twice" } }, headers);
    expect(other).toMatchObject({ status: 409, json: { error: { code: "IDEMPOTENCY_CONFLICT" } } });
  });

  test("resuming a finished run is a 409; an unknown one a 404", async () => {
    const done = await call("POST", "/v1/flows/triage-text/runs?wait=20000", { input: { text: "done" } });
    expect(await call("POST", `/v1/runs/${done.json.run.id}/resume`)).toMatchObject({
      status: 409,
      json: { error: { code: "RUN_NOT_RESUMABLE" } },
    });
    expect(await call("POST", "/v1/runs/no-such-run/resume")).toMatchObject({ status: 404 });
    expect(await call("POST", `/v1/runs/${done.json.run.id}/cancel`)).toMatchObject({
      status: 409,
      json: { error: { code: "RUN_FINISHED" } },
    });
  });

  test("runs are listed a page at a time through the cursor", async () => {
    for (let i = 0; i < 3; i += 1)
      await call("POST", "/v1/flows/triage-text/runs?wait=20000", { input: { text: `r${i}` } });
    const first = await call("GET", "/v1/runs?limit=2&flow=triage-text");
    expect(first.json.runs).toHaveLength(2);
    const second = await call("GET", `/v1/runs?limit=2&flow=triage-text&after=${first.json.next}`);
    const ids = [...first.json.runs, ...second.json.runs].map((run: { id: string }) => run.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(await call("GET", "/v1/runs?limit=5000")).toMatchObject({
      status: 400,
      json: { error: { code: "REQUEST_INVALID" } },
    });
  });

  test("a run's events stream from its stored history, and a reconnect with Last-Event-ID misses and repeats nothing", async () => {
    const run = await wf.startFlow("triage-text", { text: "stream me" });
    const live = await readEvents(`/v1/runs/${run.id}/events`);
    const stored = [];
    for await (const event of wf.history(run.id, { follow: false })) stored.push(event);
    expect(live.map((event) => Number(event.id))).toEqual(stored.map((event) => event.seq));
    expect(live.map((event) => event.event)).toEqual(stored.map((event) => event.type));
    expect(live.at(-1)?.event).toBe("run-completed");
    expect(JSON.parse(live[0]?.data as string)).toMatchObject({ type: "run-started", runId: run.id, seq: 1 });
    const resumed = await readEvents(`/v1/runs/${run.id}/events`, { "Last-Event-ID": "3" });
    expect(resumed.map((event) => Number(event.id))).toEqual(stored.slice(3).map((event) => event.seq));
    expect(await call("GET", "/v1/runs/no-such-run/events")).toMatchObject({
      status: 404,
      json: { error: { code: "RUN_NOT_FOUND" } },
    });
  });
});

describe("scopes in the OpenAPI document", () => {
  test("every route declares the token scope the server enforces for it; health and the document need none", async () => {
    const doc = (await call("GET", "/openapi.json")).json as {
      paths: Record<string, Record<string, { security?: Record<string, string[]>[] }>>;
      components: { securitySchemes: Record<string, { type: string; scheme: string }> };
    };
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: "http", scheme: "bearer" });
    const declared = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, operation]): [string, string] => [
        `${method.toUpperCase()} ${path}`,
        operation.security?.[0]?.bearer?.[0] ?? "none",
      ]),
    );
    expect(Object.fromEntries(declared)).toMatchObject({
      "GET /healthz": "none",
      "GET /readyz": "none",
      "GET /v1/tasks": "read",
      "POST /v1/tasks": "admin",
      "POST /v1/tasks/{ref}/runs": "run",
      "DELETE /v1/flows/{ref}": "admin",
      "POST /v1/flows/{ref}/runs": "run",
      "POST /v1/flows/validate": "admin",
      "GET /v1/runs/{id}/events": "read",
      "POST /v1/runs/{id}/cancel": "run",
      "POST /v1/runs/{id}/resume": "run",
      "GET /v1/events": "read",
    });
    // And what the document declares is what a read token meets: allowed, or 403 naming the scope.
    const reader = wf.tokens.create({ scope: "read" });
    try {
      for (const [operation, scope] of declared) {
        // Event streams follow runs until they end: their scope is checked by the token tests.
        if (scope === "none" || operation.endsWith("/events")) continue;
        const [method, path] = operation.split(" ") as [string, string];
        const concrete = path.replace("{ref}", "word-count").replace("{id}", "no-such-run");
        const body = method === "GET" || method === "DELETE" ? undefined : {};
        const answer = await call(method, concrete, body, { authorization: `Bearer ${reader.token}` });
        if (scope === "read") expect(answer.status, operation).not.toBe(403);
        else expect(answer, operation).toMatchObject({ status: 403, json: { error: { details: { needed: scope } } } });
      }
    } finally {
      wf.tokens.revoke(reader.id);
    }
  });
});

describe("metrics", () => {
  test("GET /metrics counts requests by route, calls by task and outcome, runs by flow and status, and the pool", async () => {
    await call("POST", "/v1/tasks/word-count/runs", { input: { text: "count me" } });
    await call("POST", "/v1/tasks/word-count/runs", { input: { text: 7 } });
    await call("POST", "/v1/flows/triage-text/runs?wait=20000", { input: { text: "metrics" } });
    // A caller's shorter timeout is kept: the call times out, and its worker is replaced.
    const timedOut = await call("POST", "/v1/tasks/fib/runs", { input: { n: 2147483647 }, timeoutMs: 20 });
    expect(timedOut).toMatchObject({ status: 422, json: { error: { code: "TIMEOUT" } } });
    expect(timedOut.json.error.message).toMatch(/20 ms timeout/);
    const response = await fetch(`${server.url}/metrics`);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toMatch(
      /^wasmflow_http_requests_total\{method="POST",route="\/v1\/tasks\/:ref\/runs",status="200"\} \d+/m,
    );
    expect(text).toMatch(/^wasmflow_task_calls_total\{task="word-count",outcome="ok"\} \d+/m);
    expect(text).toMatch(/^wasmflow_task_calls_total\{task="word-count",outcome="INPUT_INVALID"\} \d+$/m);
    // Flow steps are calls too.
    expect(text).toMatch(/^wasmflow_task_calls_total\{task="score",outcome="ok"\} \d+/m);
    expect(text).toMatch(/^wasmflow_task_call_duration_seconds_bucket\{le="[^"]+",task="word-count"\} \d+/m);
    expect(text).toMatch(/^wasmflow_runs\{flow="triage-text",status="succeeded"\} \d+/m);
    expect(text).toMatch(/^wasmflow_pool_calls\{state="queued"\} 0$/m);
    expect(text).toMatch(/^wasmflow_process_resident_memory_bytes \d+/m);
    expect(text).toMatch(/^wasmflow_steps_total\{flow="triage-text",outcome="succeeded"\} [1-9]\d*$/m);
    expect(text).toMatch(/^wasmflow_steps_total\{flow="triage-text",outcome="skipped"\} [1-9]\d*$/m);
    expect(text).toMatch(/^wasmflow_step_duration_seconds_count\{flow="triage-text"\} [1-9]\d*$/m);
    expect(text).toMatch(/^wasmflow_worker_restarts_total [1-9]\d*$/m);
  });
});

describe("hostile requests: each answered with its status and code, the server still serving", () => {
  const cases: [string, () => Promise<{ status: number; json: { error: { code: string } } }>, number, string][] = [
    ["malformed JSON", () => call("POST", "/v1/tasks/word-count/runs", "{not json"), 400, "REQUEST_INVALID"],
    [
      "a body that is not JSON",
      async () => {
        const response = await fetch(`${server.url}/v1/tasks/word-count/runs`, {
          method: "POST",
          headers: { "content-type": "text/plain" },
          body: "text",
        });
        return { status: response.status, json: await response.json() };
      },
      415,
      "REQUEST_INVALID",
    ],
    [
      "an unknown field",
      () => call("POST", "/v1/tasks/word-count/runs", { input: {}, extra: 1 }),
      400,
      "REQUEST_INVALID",
    ],
    [
      "a body over the cap",
      () => call("POST", "/v1/tasks/word-count/runs", { input: { text: "x".repeat(2 * 1024 * 1024) } }),
      413,
      "REQUEST_TOO_LARGE",
    ],
    ["odd bytes in a name", () => call("GET", "/v1/tasks/%00%2e%2e%2fetc"), 400, "REQUEST_INVALID"],
    ["a path up the tree", () => call("GET", "/v1/tasks/..%2F..%2Fetc%2Fpasswd"), 400, "REQUEST_INVALID"],
    ["an unknown route", () => call("DELETE", "/v1/everything"), 404, "ROUTE_NOT_FOUND"],
    [
      "a negative wait",
      () => call("POST", "/v1/flows/triage-text/runs?wait=-1", { input: {} }),
      400,
      "REQUEST_INVALID",
    ],
  ];
  test.each(cases)("%s", async (_name, request, status, code) => {
    const answer = await request();
    expect({ status: answer.status, code: answer.json.error.code }).toEqual({ status, code });
    expect((await call("GET", "/healthz")).status).toBe(200);
  });
});
