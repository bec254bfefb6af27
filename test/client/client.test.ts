import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { WasmflowClient } from "../../runtime/client/index.js";
import { type FlowEvent, findTaskDefinitionFiles, Wasmflow, WasmflowError } from "../../runtime/index.js";
import { type RunningServer, startServer } from "../../runtime/server/index.js";
import { root } from "../flows/engine/harness.js";
import { tempProject } from "../helpers/project.js";

// The typed client against a real server on an ephemeral port: each call answers the library's
// types, each refusal is the library's error with its code, and an event stream whose connection
// drops mid-run is reopened from the last event with nothing lost or repeated.

let wf: Wasmflow;
let server: RunningServer;
let client: WasmflowClient;

beforeAll(async () => {
  const project = tempProject("wf-client-");
  wf = Wasmflow.open({ home: project.home, root, pool: { threads: 2 } });
  await wf.addTasks(await findTaskDefinitionFiles(root));
  server = await startServer({ wf, port: 0, heartbeatMs: 50 });
  client = new WasmflowClient({ url: server.url, reconnectDelayMs: 10 });
});

afterAll(async () => {
  await server?.close();
  await wf?.close();
});

async function thrown(promise: Promise<unknown>): Promise<WasmflowError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(WasmflowError);
  return error as WasmflowError;
}

async function collect(events: AsyncIterable<FlowEvent>): Promise<FlowEvent[]> {
  const all: FlowEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

async function storedEvents(id: string): Promise<FlowEvent[]> {
  return JSON.parse(JSON.stringify(await collect(wf.history(id, { follow: false }))));
}

describe("every call, answered with the library's types", () => {
  test("tasks: register a module, list, show with inspection and revisions, run, remove", async () => {
    const { readFile } = await import("node:fs/promises");
    const definition = JSON.parse(await readFile(`${root}/tasks/word-count/word-count.task.json`, "utf8"));
    const module = await readFile(`${root}/build/tasks/word-count.wasm`);
    const added = await client.tasks.add({ ...definition, name: "counted" }, module);
    expect(added).toMatchObject({ status: "created", task: { name: "counted", revision: 1 } });
    expect((await client.tasks.list()).map((task) => task.name)).toContain("counted");
    const shown = await client.tasks.show("counted@1");
    expect(shown.revisions).toEqual([1]);
    expect(shown.module.exports.map((entry) => entry.name)).toContain(definition.export ?? "run");
    const ran = await client.tasks.run("counted", { text: "two words" }, { seed: 1 });
    expect(ran.output).toEqual({ words: 2, vowels: 2 });
    expect(ran.logs).toEqual([{ level: "info", message: "2 words, 2 vowels" }]);
    expect(await client.tasks.remove("counted")).toBe(1);
    expect((await thrown(client.tasks.show("counted"))).code).toBe("TASK_NOT_FOUND");
  });

  test("flows: validate, add, show with its graph and Mermaid, start and wait, start and follow", async () => {
    const { readFile } = await import("node:fs/promises");
    const definition = JSON.parse(await readFile(`${root}/flows/triage-text.flow.json`, "utf8"));
    expect(await client.flows.validate(definition)).toEqual({ valid: true, flow: "triage-text", steps: 7 });
    expect(await client.flows.add(definition)).toMatchObject({ status: "created", flow: { revision: 1 } });
    const shown = await client.flows.show("triage-text");
    expect(shown.graph.roots).toEqual(["count"]);
    expect(shown.graph.branchPoints.map((point) => point.step)).toEqual(["score"]);
    expect(shown.graph.mermaid).toMatch(/^flowchart TD/);
    expect(shown.graph).toEqual(JSON.parse(JSON.stringify(wf.describeRegisteredFlow("triage-text").graph.report())));
    const waited = await client.flows.start("triage-text", { text: "a bright day" }, { wait: 30_000 });
    expect(waited.result).toMatchObject({ status: "succeeded", flow: "triage-text" });
    const started = await client.flows.start("triage-text", { text: "followed" });
    const events = await collect(client.runs.events(started.id));
    expect(events.at(-1)?.type).toBe("run-completed");
    expect(events).toEqual(await storedEvents(started.id));
    expect(await client.runs.show(started.id)).toEqual(JSON.parse(JSON.stringify(wf.runs.show(started.id))));
  });

  test("runs: a page with its cursor, and the next page", async () => {
    const first = await client.runs.page({ flow: "triage-text", limit: 1 });
    expect(first.runs).toHaveLength(1);
    expect(first.next).toBeDefined();
    const second = await client.runs.page({ flow: "triage-text", limit: 1, after: first.next as string });
    expect(second.runs[0]?.id).not.toBe(first.runs[0]?.id);
    expect(second).toEqual(wf.runs.page({ flow: "triage-text", limit: 1, after: first.next as string }));
  });

  test("a traceparent on the start is recorded on the run; a malformed one is ignored", async () => {
    const trace = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    const traced = await client.flows.start("triage-text", { text: "traced" }, { traceparent: trace, wait: 30_000 });
    expect((await client.runs.show(traced.id)).traceparent).toBe(trace);
    const malformed = await client.flows.start("triage-text", { text: "x" }, { traceparent: "00-zz", wait: 30_000 });
    expect((await client.runs.show(malformed.id)).traceparent).toBeUndefined();
  });
});

describe("the feed of every run", () => {
  test("replays from 0 what wf.feed has, position for position, then follows a new run", async () => {
    const stored = await collect(
      (async function* () {
        for await (const { event } of wf.feed({ after: "0", follow: false })) yield event;
      })(),
    );
    const stop = new AbortController();
    const received: { position: string; event: FlowEvent }[] = [];
    const reading = (async () => {
      for await (const item of client.feed({ after: "0", signal: stop.signal })) {
        received.push(item);
        if (item.event.type === "run-completed" && received.length > stored.length) stop.abort();
      }
    })();
    const started = await client.flows.start("triage-text", { text: "fed" }, { wait: 30_000 });
    await reading;
    expect(received.slice(0, stored.length).map(({ event }) => event)).toEqual(JSON.parse(JSON.stringify(stored)));
    const fresh = received.slice(stored.length).map(({ event }) => event);
    expect(fresh.every((event) => event.runId === started.id)).toBe(true);
    expect(fresh).toEqual(await storedEvents(started.id));
  });
});

describe("refusals are the library's errors", () => {
  test("the same code, message and issues as the library throws", async () => {
    const here = await thrown(wf.run("word-count", { text: 5 }, { format: "json" }));
    const there = await thrown(client.tasks.run("word-count", { text: 5 }));
    expect(there.code).toBe(here.code);
    expect(there.message).toBe(here.message);
    expect(there.issues).toEqual(JSON.parse(JSON.stringify(here.issues)));
    expect(there.details.status).toBe(400);
    expect(there.category).toBe(here.category);
  });

  test("a path segment cannot reach another route", async () => {
    expect((await thrown(client.tasks.show("../flows"))).code).toBe("REQUEST_INVALID");
    expect((await thrown(client.runs.show("a/b"))).code).toBe("REQUEST_INVALID");
  });
});

describe("what is not a wasmflow server", () => {
  let other: Server;
  let url: string;
  let answer: { status: number; type: string; body: string };

  beforeAll(async () => {
    other = createServer((_request, response) => {
      response.writeHead(answer.status, { "content-type": answer.type });
      response.end(answer.body);
    });
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => other.close(() => resolve())));

  test.each([
    [{ status: 502, type: "text/html", body: "<h1>Bad Gateway</h1>" }, "SERVER_RESPONSE_INVALID"],
    [{ status: 200, type: "text/html", body: "<html>hello</html>" }, "SERVER_RESPONSE_INVALID"],
    [{ status: 404, type: "application/json", body: '{"error": "nope"}' }, "SERVER_RESPONSE_INVALID"],
    [{ status: 409, type: "application/json", body: '{"error":{"code":"FROM_THE_FUTURE","message":"m"}}' }, "INTERNAL"],
  ])("%j → %s", async (given, code) => {
    answer = given;
    const error = await thrown(new WasmflowClient({ url }).tasks.list());
    expect(error.code).toBe(code);
    if (code === "INTERNAL") expect(error.message).toBe("[FROM_THE_FUTURE] m");
  });

  test("nothing listening: SERVER_UNREACHABLE; not http(s): USAGE", async () => {
    const closed = await startServer({ wf, port: 0 });
    await closed.close();
    expect((await thrown(new WasmflowClient({ url: closed.url }).tasks.list())).code).toBe("SERVER_UNREACHABLE");
    expect(() => new WasmflowClient({ url: "file:///etc/passwd" })).toThrow(/http/);
    expect(() => new WasmflowClient({ url: "not a url" })).toThrow(/not a URL/);
  });
});

describe("an event stream whose connection drops", () => {
  test("is reopened from the last event received: nothing is lost or repeated", async () => {
    const started = await client.flows.start("triage-text", { text: "dropped twice" });
    let connections = 0;
    // The first two connections are cut after a few hundred bytes, mid-event, as a proxy that
    // drops a stream does; the third is left alone.
    const cutting: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      connections += 1;
      if (connections > 2 || response.body === null) return response;
      const reader = response.body.getReader();
      let left = 300 * connections;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const { done, value } = await reader.read();
          if (done || left <= 0) {
            await reader.cancel();
            controller.error(new TypeError("terminated"));
            return;
          }
          controller.enqueue(value.subarray(0, left));
          left -= value.length;
        },
      });
      return new Response(body, { status: response.status, headers: response.headers });
    };
    const flaky = new WasmflowClient({ url: server.url, fetch: cutting, reconnectDelayMs: 5 });
    const events = await collect(flaky.runs.events(started.id));
    expect(connections).toBe(3);
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
    expect(events).toEqual(await storedEvents(started.id));
  });

  test("too many drops in a row end the stream with SERVER_UNREACHABLE", async () => {
    const started = await client.flows.start("triage-text", { text: "always cut" }, { wait: 30_000 });
    const refusing: typeof fetch = async () => {
      throw new TypeError("fetch failed");
    };
    const flaky = new WasmflowClient({ url: server.url, fetch: refusing, reconnects: 2, reconnectDelayMs: 1 });
    expect((await thrown(collect(flaky.runs.events(started.id)))).code).toBe("SERVER_UNREACHABLE");
  });
});

describe("the client in a browser", () => {
  test("bundles for the browser: no Node built-in, nothing of the runtime but its errors", async () => {
    const entry = fileURLToPath(new URL("../../runtime/client/index.ts", import.meta.url));
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      platform: "browser",
      write: false,
      metafile: true,
    });
    expect(result.errors).toEqual([]);
    const runtimeFiles = Object.keys(result.metafile.inputs).filter((file) => file.startsWith("runtime/"));
    for (const file of runtimeFiles) expect(file).toMatch(/^runtime\/(client|errors)\//);
  });

  test("its final event types are the library's", async () => {
    const { finalEventTypes } = await import("../../runtime/client/event-stream.js");
    const { isFinalEvent } = await import("../../runtime/flows/engine/events.js");
    // Every event type, as a record the compiler checks for completeness.
    const every: Record<FlowEvent["type"], true> = {
      "run-started": true,
      "step-started": true,
      "step-retrying": true,
      "step-skipped": true,
      "step-completed": true,
      "step-failed": true,
      "step-cancelled": true,
      "run-completed": true,
      "run-failed": true,
      "run-cancelled": true,
    };
    const types = Object.keys(every) as FlowEvent["type"][];
    for (const type of types) {
      expect(finalEventTypes.has(type), type).toBe(isFinalEvent({ type } as FlowEvent));
    }
  });
});
