import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { findTaskDefinitionFiles, Wasmflow } from "../../runtime/index.js";
import { type RunningServer, startServer } from "../../runtime/server/index.js";
import { fibChain, longFlow } from "../flows/engine/fixtures/project.js";
import { root } from "../flows/engine/harness.js";
import { type CliResult, cliAsync } from "../helpers/cli.js";
import { spawnCli } from "../helpers/cli-process.js";
import { tempProject } from "../helpers/project.js";

// The CLI's verbs through a real server (`--server`) against the same verbs on the home that
// server serves: the same documents, the same codes and exit codes. The server runs in this
// process, so every command runs as a child process without blocking it (`cliAsync`).

let wf: Wasmflow;
let server: RunningServer;
let home: string;
let runId: string;

beforeAll(async () => {
  const project = tempProject("wf-cli-server-");
  home = project.home;
  wf = Wasmflow.open({ home, root, pool: { threads: 2 } });
  await wf.addTasks(await findTaskDefinitionFiles(root));
  await wf.addFlow(`${root}/flows/triage-text.flow.json`);
  wf.flows.add(wf.checkFlowDefinition(longFlow).definition);
  wf.flows.add(wf.checkFlowDefinition(fibChain).definition);
  server = await startServer({ wf, port: 0, heartbeatMs: 50 });
  const run = await wf.startFlow("triage-text", { text: "a bright and happy day" });
  runId = (await run.result).id;
});

afterAll(async () => {
  await server?.close();
  await wf?.close();
});

const local = (...args: string[]) => cliAsync([...args, "--home", home, "--root", root, "--json"], { cwd: root });
const remote = (...args: string[]) => cliAsync([...args, "--server", server.url, "--json"], { cwd: root });

/** Both ways, each exit code and document. */
async function both(...args: string[]): Promise<{ here: CliResult; there: CliResult }> {
  const [here, there] = await Promise.all([local(...args), remote(...args)]);
  return { here, there };
}

describe("the same verbs, here and through a server", () => {
  test.each([
    [["task", "list"]],
    [["task", "show", "word-count"]],
    [["task", "show", "word-count@1"]],
    [["flow", "list"]],
    [["flow", "show", "triage-text"]],
    [["runs", "list", "--limit", "5"]],
    [["runs", "list", "--flow", "triage-text", "--status", "succeeded"]],
  ])("%j prints the same document", async (args) => {
    const { here, there } = await both(...args);
    expect(there.stderr).toBe("");
    expect(there.code).toBe(0);
    expect(there.code).toBe(here.code);
    expect(there.json()).toEqual(here.json());
  });

  test("runs show, with and without its history, is the same document", async () => {
    for (const args of [
      ["runs", "show", runId],
      ["runs", "show", runId, "--events"],
    ]) {
      const { here, there } = await both(...args);
      expect(there.code).toBe(0);
      expect(there.json()).toEqual(here.json());
    }
  });

  test.each([
    [["task", "show", "no-such-task"], "TASK_NOT_FOUND"],
    [["flow", "show", "no-such-flow"], "FLOW_NOT_FOUND"],
    [["runs", "show", "no-such-run"], "RUN_NOT_FOUND"],
    [["runs", "cancel", "$RUN"], "RUN_FINISHED"],
    [["task", "run", "word-count", "--input", '{"text": 5}'], "INPUT_INVALID"],
  ])("%j refuses with the same code and exit code", async (args, code) => {
    const actual = args.map((arg) => (arg === "$RUN" ? runId : arg));
    const { here, there } = await both(...actual);
    expect(here.json()).toMatchObject({ error: { code } });
    expect(there.json()).toMatchObject({ error: { code } });
    expect(there.code).toBe(here.code);
    const hereError = (here.json() as { error: { message: string; issues: unknown } }).error;
    const thereError = (there.json() as { error: { message: string; issues: unknown } }).error;
    expect(thereError.message).toBe(hereError.message);
    expect(thereError.issues).toEqual(hereError.issues);
  });
});

describe("acting through a server", () => {
  test("task run answers the task's output, logs and timings", async () => {
    const ran = await remote("task", "run", "word-count", "--input", '{"text": "one two three"}', "--seed", "3");
    expect(ran.code).toBe(0);
    const document = ran.json() as { output: unknown; logs: unknown[]; timings: { totalMs: number } };
    expect(document.output).toEqual({ words: 3, vowels: 5 });
    expect(document.logs).toEqual([{ level: "info", message: "3 words, 5 vowels" }]);
    expect(document.timings.totalMs).toBeGreaterThan(0);
  });

  test("flow run starts the run on the server, follows its stream, and prints the run as the server stored it", async () => {
    const ran = await remote("flow", "run", "triage-text", "--input", '{"text": "through the server"}');
    expect(ran.code).toBe(0);
    const { run } = ran.json() as { run: { id: string; status: string; steps: { id: string; status: string }[] } };
    expect(run.status).toBe("succeeded");
    expect(wf.runs.show(run.id)).toEqual(run);
    // The text form draws the live board from the stream's events: one progress line per event.
    const text = await cliAsync(["flow", "run", "triage-text", "--server", server.url], { cwd: root });
    expect(text.code).toBe(0);
    expect(text.stderr).toMatch(/^run \S+ of triage-text started$/m);
    expect(text.stderr).toMatch(/^ {2}step count succeeded in /m);
    expect(text.stderr).toMatch(/^run \S+ succeeded$/m);
  });

  test("an idempotency key through the server answers the first run and says nothing ran again", async () => {
    const args = ["flow", "run", "triage-text", "--idempotency-key", "cli-server-key"];
    const first = await remote(...args);
    const second = await cliAsync([...args, "--server", server.url], { cwd: root });
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/idempotency key matched run/);
  });

  test("flow add reads the files here and registers them on the server; task add refuses --server", async () => {
    const added = await remote("flow", "add", `${root}/flows/score-text.flow.json`);
    expect(added.code).toBe(0);
    expect(added.json()).toMatchObject({ flows: [{ name: "score-text", status: "created", steps: 3 }] });
    expect(wf.flows.get("score-text").revision).toBe(1);
    const again = await remote("flow", "add", `${root}/flows/score-text.flow.json`);
    expect(again.json()).toMatchObject({ flows: [{ name: "score-text", status: "unchanged" }] });
    // What the server stored is what `flow add` here would have stored: the same definition hash.
    const here = await local("flow", "add", `${root}/flows/score-text.flow.json`);
    expect(here.json()).toMatchObject({ flows: [{ name: "score-text", status: "unchanged", revision: 1 }] });
    const refused = await remote("task", "add", `${root}/tasks/word-count/word-count.task.json`);
    expect(refused.code).toBe(2);
    expect(refused.json()).toMatchObject({ error: { code: "USAGE" } });
    expect((refused.json() as { error: { message: string } }).error.message).toMatch(/drop --server/);
  });

  test("a file is refused where the server would have to read it", async () => {
    const ran = await remote("flow", "run", `${root}/flows/triage-text.flow.json`);
    expect(ran.code).toBe(2);
    expect((ran.json() as { error: { message: string } }).error.message).toMatch(/is a file: with --server/);
  });

  test("WASMFLOW_SERVER names the server when --server is not given", async () => {
    const listed = await cliAsync(["runs", "list", "--json"], {
      cwd: root,
      env: { WASMFLOW_SERVER: server.url, WASMFLOW_HOME: "/nonexistent/home" },
    });
    expect(listed.code).toBe(0);
    expect((listed.json() as { runs: unknown[] }).runs.length).toBeGreaterThan(0);
  });

  test("no server at the address: SERVER_UNREACHABLE, exit 1; not http: USAGE, exit 2", async () => {
    // A port just released on loopback: nothing listens there.
    const closed = await startServer({ wf, port: 0 });
    const url = closed.url;
    await closed.close();
    const down = await cliAsync(["task", "list", "--server", url, "--json"], { cwd: root });
    expect(down.code).toBe(1);
    expect(down.json()).toMatchObject({ error: { code: "SERVER_UNREACHABLE" } });
    const scheme = await cliAsync(["task", "list", "--server", "file:///etc/passwd", "--json"], { cwd: root });
    expect(scheme.code).toBe(2);
    expect(scheme.json()).toMatchObject({ error: { code: "USAGE" } });
  });
});

describe("Ctrl-C, cancel and resume through a server", () => {
  /** Two calls of fib(2^31 - 1): they run until cancelled. */
  const forever = JSON.stringify({ n: 2_147_483_647 });

  test("Ctrl-C on flow run --server cancels the run on the server and exits 130", async () => {
    const run = spawnCli(["flow", "run", "long", "--input", forever, "--server", server.url], { cwd: root });
    const [, id] = await run.stderrLine(/run (\S+) of long started/);
    await run.stderrLine(/step first started/);
    run.kill("SIGINT");
    const exit = await run.exit;
    expect(exit.code).toBe(130);
    expect(exit.stdout).toMatch(/cancelled/);
    expect(wf.runs.show(id as string).status).toBe("cancelled");
  });

  test("a run whose CLI process died is resumed by the server, followed by runs resume --server, and cancelled by runs cancel --server", async () => {
    const crashed = spawnCli(["flow", "run", "fib-chain", "--input", forever, "--home", home, "--root", root], {
      cwd: root,
    });
    const [, id] = await crashed.stderrLine(/run (\S+) of fib-chain started/);
    await crashed.stderrLine(/step fib0 started/);
    crashed.kill("SIGKILL");
    await crashed.exit;
    expect(wf.runs.show(id as string).status).toBe("interrupted");
    const resume = spawnCli(["runs", "resume", id as string, "--server", server.url], { cwd: root });
    await resume.stderrLine(/step fib\d started/);
    expect(wf.runs.show(id as string).status).toBe("running");
    const cancelled = await remote("runs", "cancel", id as string);
    expect(cancelled.code).toBe(0);
    expect(cancelled.json()).toMatchObject({ run: { id, status: "cancelled" }, alreadyCancelled: false });
    const exit = await resume.exit;
    // Resumed, then cancelled: it did not succeed, so exit 1, with the run as the server stored it.
    expect(exit.code).toBe(1);
    expect(wf.runs.show(id as string).status).toBe("cancelled");
    expect(exit.stdout).toMatch(new RegExp(`run ${id}.*cancelled`));
  });
});

describe("tokens through the CLI", () => {
  test("WASMFLOW_TOKEN is sent; without it, or with a read token for a run, the server's code and exit 2", async () => {
    const reader = wf.tokens.create({ scope: "read", name: "cli-read" });
    try {
      const env = (token?: string) => ({ env: token === undefined ? {} : { WASMFLOW_TOKEN: token }, cwd: root });
      const none = await cliAsync(["task", "list", "--server", server.url, "--json"], env());
      expect(none.code).toBe(2);
      expect(none.json()).toMatchObject({ error: { code: "UNAUTHORIZED" } });
      const read = await cliAsync(["task", "list", "--server", server.url, "--json"], env(reader.token));
      expect(read.code).toBe(0);
      const run = await cliAsync(
        ["task", "run", "word-count", "--input", '{"text": "x"}', "--server", server.url, "--json"],
        env(reader.token),
      );
      expect(run.code).toBe(2);
      expect(run.json()).toMatchObject({ error: { code: "FORBIDDEN" } });
    } finally {
      wf.tokens.revoke(reader.id);
    }
  });
});
