import { chmodSync, chownSync, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, test } from "vitest";
import { longFlow } from "../flows/engine/fixtures/project.js";
import { type CliResult, cli, cliAsync, cliPath } from "../helpers/cli.js";
import { spawnCli } from "../helpers/cli-process.js";
import { tempProject } from "../helpers/project.js";
import { spawnUnreaped } from "../helpers/unreaped.js";

// `runs resume` against real `flow run` processes: one killed and not yet reaped is resumed at
// once; one alive is left alone, and the command says which process runs it.

const root = fileURLToPath(new URL("../..", import.meta.url));
const slowFlow = { ...longFlow, name: "slow-fib" };
/** Two fib calls of a fraction of a second each. */
const quick = JSON.stringify({ n: 200_000_000 });
/** Two fib calls that take far longer than any test: the run stays in its first call. */
const forever = JSON.stringify({ n: 2_147_483_647 });
const ownerId = /^(\d+):[0-9a-f]{12}:lock$/;

interface ResumeJson {
  runs: { id: string; resumed: boolean; run?: { id: string; status: string } }[];
  running?: { id: string; flow: string; owner: string; pid: number }[];
}

/** A home with the example tasks and slow-fib registered. */
function newHome(prefix: string) {
  const project = tempProject(prefix);
  const wasmflow = (...args: string[]) => cli([...args, "--home", project.home], { cwd: root });
  expect(wasmflow("task", "add").code).toBe(0);
  expect(wasmflow("flow", "add", project.write("flows/slow-fib.flow.json", JSON.stringify(slowFlow))).code).toBe(0);
  return { ...project, wasmflow };
}

let home: ReturnType<typeof newHome>;
beforeAll(() => {
  home = newHome("wf-liveness-");
});

/** Starts `flow run slow-fib` and resolves once its first call is under way, with the run's id. */
async function startSlowRun(at: string, input: string) {
  const run = spawnCli(["flow", "run", "slow-fib", "--input", input, "--home", at], { cwd: root });
  const [, id] = await run.stderrLine(/run (\S+) of slow-fib started/);
  await run.stderrLine(/step first started/);
  return { run, id: id as string };
}

describe("runs resume", () => {
  test("a `flow run` killed and not yet reaped is resumed at once", async () => {
    const run = spawnUnreaped([cliPath, "flow", "run", "slow-fib", "--input", quick, "--home", home.home], {
      cwd: root,
    });
    try {
      const [, id] = (await run.printed("stderr", /run (\S+) of slow-fib started/)) as [string, string];
      await run.printed("stderr", /step first started/);
      const pid = await run.pid;
      process.kill(pid, "SIGKILL");
      await run.gone;
      // Dead, but its parent has not reaped it: the pid is still there for a probe to find.
      expect(() => process.kill(pid, 0)).not.toThrow();

      const resume = home.wasmflow("runs", "resume", "--json");
      expect({ code: resume.code, stderr: resume.stderr }).toEqual({ code: 0, stderr: "" });
      expect(resume.json()).toEqual({
        runs: [{ id, resumed: true, run: expect.objectContaining({ id, status: "succeeded" }) }],
        running: [],
      });
    } finally {
      run.dispose();
    }
  });

  test("a run a live process executes is left alone, and the command says which process runs it", async () => {
    const { run, id } = await startSlowRun(home.home, forever);
    try {
      const all = home.wasmflow("runs", "resume", "--json");
      expect({ code: all.code, stderr: all.stderr }).toEqual({ code: 0, stderr: "" });
      const json = all.json() as ResumeJson;
      expect(json).toEqual({
        runs: [],
        running: [{ id, flow: "slow-fib", owner: expect.stringMatching(ownerId), pid: run.pid }],
      });
      const owner = json.running?.[0]?.owner;
      expect(owner?.startsWith(`${run.pid}:`)).toBe(true);

      const text = home.wasmflow("runs", "resume");
      expect(text.code).toBe(0);
      expect(text.stdout).toBe(
        `no interrupted runs\n\nrun ${id}  slow-fib  running in process ${run.pid}, which is alive (owner ${owner}): not interrupted, so not resumed\n`,
      );

      const one = home.wasmflow("runs", "resume", id, "--json");
      expect(one.code).toBe(2);
      expect(one.json()).toEqual({
        runs: [
          {
            id,
            resumed: false,
            error: {
              code: "RUN_NOT_RESUMABLE",
              message: `run ${id} cannot be resumed: it is running in process ${run.pid}, which is alive (owner ${owner}), not interrupted`,
              details: { id, status: "running", owner, pid: run.pid },
            },
          },
        ],
      });
    } finally {
      run.kill("SIGINT");
      expect((await run.exit).code).toBe(130);
    }
  });
});

describe("a user who may read the store but not write it", () => {
  // Permission bits do not stop root: run as root, the commands run as `nobody` on a home whose
  // database (and its log) is theirs but read-only, and whose lock files are root's.
  const asRoot = process.getuid?.() === 0;
  const other = asRoot ? { uid: 65534, gid: 65534 } : {};

  test("still tells a live process from a dead one, and leaves the dead one's lock file for others to remove", async () => {
    const readOnly = newHome("wf-liveness-readonly-");
    // mkdtemp makes the folder private to its owner: the other user must reach inside.
    chmodSync(readOnly.root, 0o755);
    const at = readOnly.home;
    const database = join(at, "wasmflow.db");
    const owners = join(at, "owners");
    const asOther = async (...args: string[]): Promise<CliResult> => {
      const result = await cliAsync([...args, "--json", "--home", at], { cwd: root, ...other });
      expect({ args, code: result.code, stderr: result.stderr }).toEqual({ args, code: 0, stderr: "" });
      return result;
    };
    const statusOf = async (id: string) =>
      ((await asOther("runs", "list")).json() as { runs: { id: string; status: string }[] }).runs.find(
        (run) => run.id === id,
      )?.status;

    const restore = (): void => {
      if (existsSync(owners)) chmodSync(owners, 0o755);
      chmodSync(database, 0o644);
      if (!asRoot) return;
      for (const file of ["", "-wal", "-shm"])
        if (existsSync(`${database}${file}`)) chownSync(`${database}${file}`, 0, 0);
    };
    // Its parent never reaps it: once killed, only its lock can tell that it is gone.
    const run = spawnUnreaped([cliPath, "flow", "run", "slow-fib", "--input", forever, "--home", at], { cwd: root });
    try {
      const [, id] = (await run.printed("stderr", /run (\S+) of slow-fib started/)) as [string, string];
      await run.printed("stderr", /step first started/);
      const pid = await run.pid;
      const [lockFile] = readdirSync(owners);
      if (asRoot) for (const file of ["", "-wal", "-shm"]) chownSync(`${database}${file}`, 65534, 65534);
      chmodSync(database, 0o444);
      if (!asRoot) chmodSync(owners, 0o555);

      expect(await statusOf(id)).toBe("running");
      const resume = (await asOther("runs", "resume")).json() as ResumeJson;
      expect(resume).toEqual({ runs: [], running: [expect.objectContaining({ id, pid })] });

      process.kill(pid, "SIGKILL");
      await run.gone;
      expect(await statusOf(id)).toBe("interrupted");
      // Not theirs to remove: it stays, and is no less free for that.
      expect(existsSync(join(owners, lockFile as string))).toBe(true);
      expect(await statusOf(id)).toBe("interrupted");

      restore();
      // Someone who may remove it does, as they check the run.
      const list = readOnly.wasmflow("runs", "list", "--status", "interrupted", "--json");
      expect((list.json() as { runs: { id: string }[] }).runs.map((r) => r.id)).toEqual([id]);
      expect(readdirSync(owners)).toEqual([]);
    } finally {
      run.dispose();
      restore();
    }
  });
});
