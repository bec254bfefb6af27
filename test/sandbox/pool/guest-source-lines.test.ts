import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildTasks } from "../../../runtime/build/index.js";
import { TaskRunError } from "../../../runtime/errors/index.js";
import { InThreadExecutor, TaskRunner } from "../../../runtime/sandbox/index.js";
import { Wasmflow } from "../../../runtime/wasmflow.js";
import { fixtureProject } from "../../build/fixture-project.js";

// The fixture task `lines` (test/fixtures/as/lines/index.ts) fails the way its input says: a
// trap or an abort reports the line of the task's own source, as the README says, through real
// builds, a real store and real workers.

const source = "tasks/lines/index.ts";
const at = (line: number, column: number) => ({ file: source, line, column });
const entry = { file: "tasks/lines/index.entry.gen.ts" };

async function failure(promise: Promise<unknown>): Promise<TaskRunError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof TaskRunError)) throw new Error(`expected a TaskRunError, got ${String(error)}`);
  return error;
}

/** The fixture built for `target` and registered in a store of its own. */
function project(target: "debug" | "release") {
  const root = fixtureProject(["lines"]);
  const home = join(root, ".wasmflow");
  let wf: Wasmflow | undefined;
  const current = () => {
    wf ??= Wasmflow.open({ home, root, pool: { threads: 1 } });
    return wf;
  };
  const close = async () => {
    await wf?.close();
    wf = undefined;
  };
  return {
    root,
    current,
    close,
    run: (input: { mode: string; n: number }) => failure(current().run("lines", input)),
    async setUp() {
      await buildTasks({ root, target });
      await current().addTasks([join(root, "tasks/lines/lines.task.json")]);
    },
  };
}

describe("a debug build", () => {
  const debug = project("debug");
  beforeAll(() => debug.setUp());
  afterAll(() => debug.close());

  test("an array index out of range names the task's line, the standard library's place after it", async () => {
    const error = await debug.run({ mode: "index", n: 5 });
    expect(error.code).toBe("GUEST_ABORT");
    expect(error.message).toBe("abort: Index out of range at tasks/lines/index.ts:4:10 (~lib/array.ts:114:42)");
    expect(error.details).toMatchObject({
      // What the abort itself says is kept as it was.
      message: "Index out of range",
      file: "~lib/array.ts",
      line: 114,
      column: 42,
      source: at(4, 10),
      frames: [
        { ...at(4, 10), library: [{ file: "~lib/array.ts", line: 114, column: 42 }] },
        at(14, 43),
        expect.objectContaining(entry),
      ],
    });
  });

  test("an integer divide by zero in the task's code is a trap at its line", async () => {
    const error = await debug.run({ mode: "divide", n: 0 });
    expect(error.message).toBe("trap: divide by zero at tasks/lines/index.ts:15:49");
    expect(error.details).toMatchObject({
      kind: "integer_divide_by_zero",
      message: "divide by zero",
      source: at(15, 49),
      frames: [at(15, 49), expect.objectContaining(entry)],
    });
  });

  test("unreachable is a trap at its line", async () => {
    const error = await debug.run({ mode: "unreachable", n: 0 });
    expect(error.message).toBe("trap: unreachable at tasks/lines/index.ts:16:42");
    expect(error.details).toMatchObject({ kind: "unreachable", source: at(16, 42) });
  });

  test("an assert in the task's code already named its line: the message stays, the source is given", async () => {
    const error = await debug.run({ mode: "assert", n: 0 });
    expect(error.message).toBe("abort: n must be positive at tasks/lines/index.ts:17:37");
    expect(error.details).toMatchObject({ file: source, line: 17, column: 37, source: at(17, 37) });
  });

  test("a stack overflow names the recursing line", async () => {
    const error = await debug.run({ mode: "recurse", n: 0 });
    expect(error.message).toBe("trap: Maximum call stack size exceeded at tasks/lines/index.ts:8:10");
    expect(error.details.kind).toBe("stack_overflow");
  });

  test("a call in this thread is mapped the same as one in a worker", async () => {
    const wf = debug.current();
    const task = wf.tasks.get("lines");
    const runner = new TaskRunner(new InThreadExecutor());
    const runnable = {
      name: task.name,
      definition: task.definition,
      moduleHash: task.moduleHash,
      moduleBytes: () => wf.tasks.moduleBytes(task),
    };
    const here = await failure(runner.run(runnable, { mode: "index", n: 5 }));
    const pooled = await debug.run({ mode: "index", n: 5 });
    expect(here.message).toBe(pooled.message);
    expect(here.details.frames).toEqual(pooled.details.frames);
  });

  test("a registered task keeps its lines once its build folder is gone: the map is stored with the module", async () => {
    await debug.close();
    rmSync(join(debug.root, "build"), { recursive: true });
    rmSync(join(debug.root, "tasks"), { recursive: true });
    const error = await debug.run({ mode: "divide", n: 0 });
    expect(error.message).toBe("trap: divide by zero at tasks/lines/index.ts:15:49");
  });
});

describe("a release build", () => {
  const release = project("release");
  beforeAll(() => release.setUp());
  afterAll(() => release.close());

  test("traps in the task's own code still name their lines", async () => {
    expect((await release.run({ mode: "divide", n: 0 })).message).toBe(
      "trap: divide by zero at tasks/lines/index.ts:15:49",
    );
    expect((await release.run({ mode: "unreachable", n: 0 })).message).toBe(
      "trap: unreachable at tasks/lines/index.ts:16:42",
    );
  });

  test("an abort in library code the optimizer inlined into the task names only the library's place, as before", async () => {
    const error = await release.run({ mode: "index", n: 5 });
    expect(error.message).toBe("abort: Index out of range at ~lib/array.ts:114:42");
    expect(error.details.source).toBeUndefined();
    expect(error.details.frames).toEqual([
      { file: "~lib/array.ts", line: 114, column: 42 },
      expect.objectContaining(entry),
    ]);
  });

  test("a call that succeeds is untouched", async () => {
    await expect(release.current().run("lines", { mode: "ok", n: 3 })).resolves.toMatchObject({
      output: { value: 3 },
    });
  });
});
