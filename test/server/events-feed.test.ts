import { connect } from "node:net";
import { createParser, type EventSourceMessage } from "eventsource-parser";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type FeedEvent, findTaskDefinitionFiles, Wasmflow } from "../../runtime/index.js";
import { type RunningServer, startServer } from "../../runtime/server/index.js";
import { root } from "../flows/engine/harness.js";
import { cliAsync } from "../helpers/cli.js";
import { tempProject } from "../helpers/project.js";

// Every run's history in one stream: `wf.feed` in the library and `GET /v1/events` on a real
// server, with runs made here and by another process, resumed from a position with nothing lost
// or repeated; and a client that stops reading is dropped instead of buffered for.

let wf: Wasmflow;
let server: RunningServer;
let home: string;

/** Its run's last event carries its input back: as large an event as the input is. */
const echoFlow = {
  name: "echo",
  version: "1.0.0",
  input: { text: "string" },
  steps: [{ id: "echo", task: "flaky", input: { text: "input.text", failRate: 0 }, retry: { maxAttempts: 1 } }],
  output: { text: "steps.echo.output.text" },
};

beforeAll(async () => {
  const project = tempProject("wf-feed-");
  home = project.home;
  wf = Wasmflow.open({ home, root, pool: { threads: 2 } });
  await wf.addTasks(await findTaskDefinitionFiles(root));
  await wf.addFlow(`${root}/flows/triage-text.flow.json`);
  await wf.addFlow(`${root}/flows/score-text.flow.json`);
  wf.flows.add(wf.checkFlowDefinition(echoFlow).definition);
  server = await startServer({ wf, port: 0, heartbeatMs: 50, maxStreams: 1, streamWriteTimeoutMs: 300 });
  for (const text of ["one", "two three"]) await (await wf.startFlow("triage-text", { text })).result;
  await (await wf.startFlow("score-text", { text: "scored" })).result;
});

afterAll(async () => {
  await server?.close();
  await wf?.close();
});

async function all(feed: AsyncIterable<FeedEvent>): Promise<FeedEvent[]> {
  const events: FeedEvent[] = [];
  for await (const event of feed) events.push(event);
  return events;
}

describe("wf.feed", () => {
  test("replays every run's events from 0, each run's in order, positions increasing", async () => {
    const events = await all(wf.feed({ after: "0", follow: false }));
    const runs = new Set(events.map(({ event }) => event.runId));
    expect(runs.size).toBe(3);
    for (const id of runs) {
      const own = events.filter(({ event }) => event.runId === id).map(({ event }) => event);
      const history = [];
      for await (const event of wf.history(id, { follow: false })) history.push(event);
      expect(own).toEqual(history);
    }
    const order = events.map(({ position }) => position.split("-").map(Number) as [number, number]);
    for (let i = 1; i < order.length; i += 1) {
      const [pos, seq] = order[i] as [number, number];
      const [lastPos, lastSeq] = order[i - 1] as [number, number];
      expect(pos > lastPos || (pos === lastPos && seq > lastSeq)).toBe(true);
    }
  });

  test("from any position, exactly the events after it", async () => {
    const events = await all(wf.feed({ after: "0", follow: false }));
    for (const cut of [1, 5, events.length - 1]) {
      const rest = await all(wf.feed({ after: (events[cut - 1] as FeedEvent).position, follow: false }));
      expect(rest).toEqual(events.slice(cut));
    }
  });

  test("one flow's runs only; with no position, from the present on", async () => {
    const scored = await all(wf.feed({ after: "0", flow: "score-text", follow: false }));
    expect(new Set(scored.map(({ event }) => event.runId)).size).toBe(1);
    expect(await all(wf.feed({ follow: false }))).toEqual([]);
  });

  test("a malformed position is a USAGE error", async () => {
    await expect(all(wf.feed({ after: "12-x" }))).rejects.toMatchObject({ code: "USAGE" });
  });
});

/** Reads `GET /v1/events` until `until` says stop; the messages with their ids. */
async function readFeed(
  query: string,
  until: (messages: EventSourceMessage[]) => boolean,
  headers: Record<string, string> = {},
): Promise<EventSourceMessage[]> {
  const stop = new AbortController();
  const response = await fetch(`${server.url}/v1/events${query}`, { headers, signal: stop.signal });
  expect(response.status).toBe(200);
  const messages: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (message) => messages.push(message) });
  const decoder = new TextDecoder();
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      parser.feed(decoder.decode(chunk, { stream: true }));
      if (until(messages)) break;
    }
  } finally {
    stop.abort();
  }
  return messages;
}

describe("GET /v1/events", () => {
  test("a run made by another process (the CLI) streams live, filtered by flow, and resumes from Last-Event-ID", async () => {
    const done = (messages: EventSourceMessage[]) => messages.some((m) => m.event === "run-completed");
    const reading = readFeed("?flow=triage-text", done);
    // The stream starts at the present: give it a moment to open before the run starts.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const ran = await cliAsync(
      ["flow", "run", "triage-text", "--input", '{"text": "from elsewhere"}', "--home", home, "--root", root, "--json"],
      { cwd: root },
    );
    expect(ran.code).toBe(0);
    const id = (ran.json() as { run: { id: string } }).run.id;
    const messages = await reading;
    expect(messages.map((m) => JSON.parse(m.data).runId)).toEqual(messages.map(() => id));
    const history = [];
    for await (const event of wf.history(id, { follow: false })) history.push(event);
    expect(messages.map((m) => JSON.parse(m.data))).toEqual(JSON.parse(JSON.stringify(history)));
    // Reconnecting after the third event: exactly the rest, nothing repeated.
    const rest = await readFeed("", (got) => got.length === messages.length - 3, {
      "Last-Event-ID": (messages[2] as EventSourceMessage).id as string,
    });
    expect(rest.map((m) => m.id)).toEqual(messages.slice(3).map((m) => m.id));
    expect(rest.map((m) => m.data)).toEqual(messages.slice(3).map((m) => m.data));
  });

  test("a malformed position or flow is REQUEST_INVALID", async () => {
    for (const query of ["?after=abc", "?flow=../x", "?after=1-2-3"]) {
      const response = await fetch(`${server.url}/v1/events${query}`);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: "REQUEST_INVALID" } });
    }
  });

  test("a client that stops reading is dropped once its writes stall, and frees its stream", async () => {
    // Runs whose last event carries 100 KB each, 40 MB in all: far more than a socket's buffers hold.
    const text = "x".repeat(100_000);
    const runs = await Promise.all(
      Array.from({ length: 400 }, async () => (await wf.startFlow("echo", { text })).result),
    );
    expect(runs.every((run) => run.status === "succeeded")).toBe(true);
    // A raw socket that asks for every event and then never reads a byte.
    const socket = connect(server.port, "127.0.0.1");
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    socket.pause();
    socket.write(`GET /v1/events?after=0 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    // While it holds the one stream the server allows, another is refused…
    await new Promise((resolve) => setTimeout(resolve, 100));
    const refused = await fetch(`${server.url}/v1/events`);
    expect(refused.status).toBe(429);
    await refused.body?.cancel();
    // …until its writes stall past the write timeout (300 ms here) and the server drops it.
    const deadline = Date.now() + 15_000;
    let status = 429;
    while (status === 429 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const again = await fetch(`${server.url}/v1/events?follow=false`);
      status = again.status;
      await again.body?.cancel();
    }
    expect(status).toBe(200);
    socket.destroy();
  });
});

describe("streams of one run share one reader", () => {
  test("50 streams opened while a run goes, and more after it ended, each receive exactly its history", async () => {
    const run = await wf.startFlow("triage-text", { text: "watched by many" });
    // The feed tests above keep their server to one stream at a time: a server of its own here.
    const many = await startServer({ wf, port: 0, maxStreams: 200 });
    const read = async (after = 0): Promise<string[]> => {
      const response = await fetch(`${many.url}/v1/runs/${run.id}/events`, {
        headers: { "Last-Event-ID": String(after) },
      });
      expect(response.status).toBe(200);
      const messages: string[] = [];
      const parser = createParser({ onEvent: (message) => messages.push(`${message.id} ${message.data}`) });
      const decoder = new TextDecoder();
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>)
        parser.feed(decoder.decode(chunk, { stream: true }));
      return messages;
    };
    try {
      const during = await Promise.all(Array.from({ length: 50 }, () => read()));
      const history = [];
      for await (const event of wf.history(run.id, { follow: false })) history.push(event);
      const expected = JSON.parse(JSON.stringify(history)).map(
        (event: { seq: number }) => `${event.seq} ${JSON.stringify(event)}`,
      );
      for (const messages of during) expect(messages).toEqual(expected);
      // After the run: a replay from the start, and one from the middle.
      expect(await read()).toEqual(expected);
      expect(await read(3)).toEqual(expected.slice(3));
    } finally {
      await many.close();
    }
  });
});
