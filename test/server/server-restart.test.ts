import { createParser, type EventSourceMessage } from "eventsource-parser";
import { expect, test } from "vitest";
import { findTaskDefinitionFiles, Wasmflow } from "../../runtime/index.js";
import { root } from "../flows/engine/harness.js";
import { cli } from "../helpers/cli.js";
import { type CliProcess, spawnCli } from "../helpers/cli-process.js";
import { tempProject } from "../helpers/project.js";

/** Six fib steps in a chain, each a few hundred milliseconds at n = 3·10^8: a run long enough to kill mid-way. */
const slowChain = {
  name: "slow-chain",
  input: { n: "s32" },
  steps: Array.from({ length: 6 }, (_, i) => ({
    id: `f${i}`,
    task: "fib",
    input: { n: "input.n" },
    limits: { timeoutMs: 60_000 },
    ...(i === 0 ? {} : { after: [`f${i - 1}`] }),
  })),
  output: { last: "steps.f5.output" },
};

async function serve(home: string): Promise<{ process: CliProcess; url: string }> {
  const process = spawnCli(["serve", "--port", "0", "--home", home, "--root", root]);
  const [, url] = await process.stderrLine(/at (http:\/\/127\.0\.0\.1:\d+);/);
  return { process, url: url as string };
}

/** Reads a run's event stream until `enough` says stop (or the stream ends). */
async function events(
  url: string,
  headers: Record<string, string>,
  enough: (seen: EventSourceMessage[]) => boolean,
): Promise<EventSourceMessage[]> {
  const stop = new AbortController();
  const seen: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => seen.push(event) });
  const response = await fetch(url, { headers, signal: stop.signal });
  const decoder = new TextDecoder();
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      parser.feed(decoder.decode(chunk, { stream: true }));
      if (enough(seen)) break;
    }
  } catch (error) {
    if (!stop.signal.aborted) throw error;
  }
  stop.abort();
  return seen;
}

test("a server killed mid-run comes back, resumes the run, and its stream goes on from the last id: nothing lost, nothing twice", async () => {
  const project = tempProject("wf-restart-");
  const setup = Wasmflow.open({ home: project.home, root });
  try {
    await setup.addTasks(await findTaskDefinitionFiles(root));
    await setup.addFlow(project.write("flows/slow-chain.flow.json", JSON.stringify(slowChain)));
  } finally {
    await setup.close();
  }

  const first = await serve(project.home);
  let id: string;
  let before: EventSourceMessage[];
  try {
    const started = await fetch(`${first.url}/v1/flows/slow-chain/runs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ input: { n: 300_000_000 } }),
    });
    expect(started.status).toBe(202);
    id = ((await started.json()) as { run: { id: string } }).run.id;
    // Until the first step has finished: the run is then part-way.
    before = await events(`${first.url}/v1/runs/${id}/events`, {}, (seen) =>
      seen.some((event) => event.event === "step-completed"),
    );
  } finally {
    first.process.kill("SIGKILL");
  }
  expect((await first.process.exit).signal).toBe("SIGKILL");
  const lastId = before.at(-1)?.id as string;
  expect(before.some((event) => event.event === "run-completed")).toBe(false);

  const second = await serve(project.home);
  let after: EventSourceMessage[];
  try {
    after = await events(`${second.url}/v1/runs/${id}/events`, { "Last-Event-ID": lastId }, () => false);
  } finally {
    second.process.kill("SIGTERM");
  }
  expect((await second.process.exit).code).toBe(0);

  const streamed = [...before, ...after];
  const seqs = streamed.map((event) => Number(event.id));
  expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  expect(streamed.at(-1)?.event).toBe("run-completed");
  expect(after.some((event) => event.event === "run-started" && JSON.parse(event.data).resumed === true)).toBe(true);
  const shown = cli(["runs", "show", id, "--events", "--json", "--home", project.home, "--root", root]).json() as {
    events: { seq: number; type: string }[];
  };
  expect(shown.events.map((event) => [event.seq, event.type])).toEqual(
    streamed.map((event) => [Number(event.id), event.event]),
  );
});
