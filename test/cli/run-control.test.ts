import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, test } from "vitest";
import { longFlow } from "../flows/engine/fixtures/project.js";
import { cli } from "../helpers/cli.js";
import { spawnCli } from "../helpers/cli-process.js";
import { tempProject } from "../helpers/project.js";

// Ctrl-C during `flow run`, `runs cancel` and `runs resume`, as the README describes them, on real
// processes: SIGINT is what a terminal sends on Ctrl-C, SIGKILL what a crash looks like.

const root = fileURLToPath(new URL("../..", import.meta.url));
const project = tempProject("wf-run-control-");
const home = project.home;
const wasmflow = (...args: string[]) => cli([...args, "--home", home], { cwd: root });
const spawnWasmflow = (...args: string[]) => spawnCli([...args, "--home", home], { cwd: root });

/** Two long fib calls in a row, then a label (the engine tests' long flow, under a name of its own here). */
const slowFlow = { ...longFlow, name: "slow-fib" };
const forever = JSON.stringify({ n: 2_147_483_647 });
/** One step that always fails. */
const failingFlow = {
  name: "always-fails",
  version: "1.0.0",
  input: { text: "string" },
  steps: [{ id: "fetch", task: "flaky", input: { text: "input.text", failRate: 1 }, retry: { maxAttempts: 1 } }],
  output: { text: "steps.fetch.output.text" },
};

interface StepJson {
  id: string;
  status: string;
  reason?: string;
  error?: { code: string };
  attempts: { attempt: number; status: string }[];
}
interface RunJson {
  id: string;
  status: string;
  output?: unknown;
  steps: StepJson[];
}

const show = (id: string): RunJson => (wasmflow("runs", "show", id, "--json").json() as { run: RunJson }).run;
const notStarted = { status: "cancelled", reason: "the run was cancelled before this step started", attempts: [] };

beforeAll(() => {
  expect(wasmflow("task", "add").code).toBe(0);
  const slow = project.write("flows/slow-fib.flow.json", JSON.stringify(slowFlow));
  const failing = project.write("flows/always-fails.flow.json", JSON.stringify(failingFlow));
  expect(wasmflow("flow", "add", slow, failing, "flows/score-text.flow.json").code).toBe(0);
});

/** Starts `flow run slow-fib` and resolves once its first call is under way, with the run's id. */
async function startSlowRun(input = forever) {
  const run = spawnWasmflow("flow", "run", "slow-fib", "--input", input);
  const [, id] = await run.stderrLine(/run (\S+) of slow-fib started/);
  await run.stderrLine(/step first started/);
  return { run, id: id as string };
}

/** What every run Ctrl-C cancelled must look like in the store, and that it stays out of resume's way. */
function expectCancelledByCtrlC(id: string): void {
  const run = show(id);
  expect(run.status).toBe("cancelled");
  const [first, second, label] = run.steps;
  expect(first).toMatchObject({ id: "first", status: "cancelled", error: { code: "CANCELLED" } });
  expect(first?.attempts).toEqual([expect.objectContaining({ attempt: 1, status: "cancelled" })]);
  expect(second).toMatchObject({ id: "second", ...notStarted });
  expect(label).toMatchObject({ id: "label", ...notStarted });
  // Cancelled means cancelled: not interrupted, not resumable.
  const listed = wasmflow("runs", "list", "--status", "interrupted", "--json").json() as { runs: { id: string }[] };
  expect(listed.runs.map((r) => r.id)).not.toContain(id);
  const resume = wasmflow("runs", "resume", id, "--json");
  expect(resume.code).toBe(2);
  expect(resume.json()).toEqual({
    runs: [{ id, resumed: false, error: expect.objectContaining({ code: "RUN_NOT_RESUMABLE" }) }],
  });
}

describe("Ctrl-C during flow run", () => {
  test("one press cancels the run: calls stopped, every unfinished step cancelled, exit 130", async () => {
    const { run, id } = await startSlowRun();
    run.kill("SIGINT");
    const exit = await run.exit;
    expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 130, signal: null });
    expect(exit.stderr).toMatch(/cancelling the run/);
    // The run is printed as stored.
    expect(exit.stdout).toMatch(new RegExp(`run ${id} +slow-fib@1 v1\\.0\\.0 +cancelled`));
    expect(exit.stdout).toMatch(/second +fib@1 +cancelled +0 +the run was cancelled before this step started/);
    expectCancelledByCtrlC(id);
  });

  test("a second press exits without waiting; the run is recorded cancelled all the same", async () => {
    const { run, id } = await startSlowRun();
    run.kill("SIGINT");
    // The first press was handled (it prints this before cancelling): the second is its own press.
    await run.stderrLine(/cancelling the run/);
    run.kill("SIGINT");
    const exit = await run.exit;
    expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 130, signal: null });
    expect(exit.stderr).toMatch(new RegExp(`exited without waiting for the calls to stop: run ${id} is cancelled`));
    expectCancelledByCtrlC(id);
  });
});

describe("runs cancel", () => {
  test("a run that already succeeded or failed is refused with RUN_FINISHED (exit 2) and left as it was", () => {
    const succeeded = wasmflow("flow", "run", "score-text", "--json");
    expect(succeeded.code).toBe(0);
    const { id } = (succeeded.json() as { run: RunJson }).run;
    const before = show(id);
    const refused = wasmflow("runs", "cancel", id, "--json");
    expect(refused.code).toBe(2);
    expect(refused.json()).toEqual({
      error: expect.objectContaining({ code: "RUN_FINISHED", details: { id, status: "succeeded" } }),
    });
    expect(show(id)).toEqual(before);
    const text = wasmflow("runs", "cancel", id);
    expect(text.stderr).toMatch(`error [RUN_FINISHED] run ${id} has already succeeded: there is nothing to cancel`);

    const failed = wasmflow("flow", "run", "always-fails", "--input", '{"text": "x"}', "--json");
    expect(failed.code).toBe(1);
    const failedId = (failed.json() as { run: RunJson }).run.id;
    const cancelFailed = wasmflow("runs", "cancel", failedId, "--json");
    expect(cancelFailed.code).toBe(2);
    expect(cancelFailed.json()).toMatchObject({
      error: { code: "RUN_FINISHED", details: { id: failedId, status: "failed" } },
    });
    expect(show(failedId).status).toBe("failed");
  });

  test("a run already cancelled is answered as cancelled (exit 0), saying it already was", async () => {
    const { run, id } = await startSlowRun();
    run.kill("SIGINT");
    await run.exit;
    const again = wasmflow("runs", "cancel", id, "--json");
    expect(again.code).toBe(0);
    expect(again.json()).toEqual({ run: { id, flow: "slow-fib", status: "cancelled" }, alreadyCancelled: true });
    expect(wasmflow("runs", "cancel", id).stdout).toMatch(`run ${id} was already cancelled`);
  });
});

describe("runs resume", () => {
  test("each id is answered on its own: the interrupted one resumes, the others say why not (exit 2)", async () => {
    const input = JSON.stringify({ n: 200_000_000 });
    const uninterrupted = wasmflow("flow", "run", "slow-fib", "--input", input, "--json");
    expect(uninterrupted.code).toBe(0);
    const expected = (uninterrupted.json() as { run: RunJson }).run;
    const finished = expected.id;
    // Killed in its first call, as a crash would: interrupted.
    const { run, id: interrupted } = await startSlowRun(input);
    run.kill("SIGKILL");
    expect((await run.exit).signal).toBe("SIGKILL");
    expect(show(interrupted).status).toBe("interrupted");

    const mixed = wasmflow("runs", "resume", "no-such-run", interrupted, finished, "--json");
    expect(mixed.code).toBe(2);
    const { runs } = mixed.json() as {
      runs: ({ id: string; resumed: true; run: RunJson } | { id: string; resumed: false; error: unknown })[];
    };
    expect(runs).toEqual([
      { id: "no-such-run", resumed: false, error: expect.objectContaining({ code: "RUN_NOT_FOUND" }) },
      { id: interrupted, resumed: true, run: expect.objectContaining({ id: interrupted, status: "succeeded" }) },
      {
        id: finished,
        resumed: false,
        error: expect.objectContaining({ code: "RUN_NOT_RESUMABLE", details: { id: finished, status: "succeeded" } }),
      },
    ]);
    expect(show(interrupted).output).toEqual(expected.output);

    // In text, one answer per id; all resumed (none here) would exit 0.
    const text = wasmflow("runs", "resume", interrupted, "no-such-run");
    expect(text.code).toBe(2);
    expect(text.stdout).toMatch(`run ${interrupted}  not resumed [RUN_NOT_RESUMABLE]`);
    expect(text.stdout).toMatch(`run no-such-run  not resumed [RUN_NOT_FOUND] there is no run "no-such-run"`);
  });
});
