import { afterAll, expect, test } from "vitest";
import { TaskRunError } from "../../../runtime/errors/index.js";
import { type RunnableTask, TaskRunner, WorkerPool } from "../../../runtime/sandbox/index.js";
import { sourceMapCaps } from "../../../runtime/source-maps/index.js";
import { appendCustomSection } from "../../../runtime/wasm/index.js";
import { guestTask } from "./sdk-fixture.js";

// A module carries its own source map, so a hostile module chooses it. Whatever it holds, the
// call fails as it would without one; a map that is fine is used, whoever built the module.

const pool = new WorkerPool({ threads: 1 });
const runner = new TaskRunner(pool);
afterAll(() => pool.close());

const encoder = new TextEncoder();
const json = (value: unknown) => encoder.encode(JSON.stringify(value));
// One segment at offset 0: every offset maps to line 3, column 5 of the task's source.
const good = { version: 3, sources: ["tasks/x/index.ts"], mappings: "AAEI" };

let variant = 0;
/** The trapping task with custom sections appended, under a hash of its own. */
async function trapping(sections: readonly [name: string, payload: Uint8Array][]): Promise<RunnableTask> {
  const task = await guestTask({ entry: "unreachable" });
  const bytes = sections.reduce(
    (module, [name, payload]) => appendCustomSection(module, name, payload),
    task.moduleBytes(),
  );
  variant += 1;
  return { ...task, moduleHash: `${task.moduleHash}-maps-${variant}`, moduleBytes: () => bytes };
}

async function failure(task: RunnableTask): Promise<TaskRunError> {
  const error = await runner.run(task, { text: "x" }).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof TaskRunError)) throw new Error(`expected a TaskRunError, got ${String(error)}`);
  return error;
}

test("a module's own map is used: a precompiled module is mapped as a built one is", async () => {
  const error = await failure(await trapping([["wasmflow.sourcemap", json(good)]]));
  expect(error.message).toBe("trap: unreachable at tasks/x/index.ts:3:5");
  expect(error.details).toMatchObject({ source: { file: "tasks/x/index.ts", line: 3, column: 5 } });
});

const vlq = "gggggggA";
test.each<[string, readonly [string, Uint8Array][]]>([
  ["bytes that are not JSON", [["wasmflow.sourcemap", new Uint8Array([0xff, 0x00, 0x7b])]]],
  ["JSON that is not a map", [["wasmflow.sourcemap", json([1, 2, 3])]]],
  ["mappings that do not decode", [["wasmflow.sourcemap", json({ ...good, mappings: "AA!!" })]]],
  ["a value over 32 bits", [["wasmflow.sourcemap", json({ ...good, mappings: vlq })]]],
  ["a source index past the sources", [["wasmflow.sourcemap", json({ ...good, mappings: "AEAA" })]]],
  ["a source path with an escape sequence", [["wasmflow.sourcemap", json({ ...good, sources: ["\u001b[2Jx.ts"] })]]],
  ["a megabyte of nesting", [["wasmflow.sourcemap", encoder.encode(`${"[".repeat(400_000)}${"]".repeat(400_000)}`)]]],
  ["a map over the size cap", [["wasmflow.sourcemap", json({ ...good, padding: "x".repeat(sourceMapCaps.maxBytes) })]]],
  [
    "two maps",
    [
      ["wasmflow.sourcemap", json(good)],
      ["wasmflow.sourcemap", json(good)],
    ],
  ],
])("%s: the call fails as it would without a map", async (_name, sections) => {
  const bare = await failure(await trapping([]));
  const error = await failure(await trapping(sections));
  expect(error.code).toBe("TRAP");
  expect(error.message).toBe("trap: unreachable");
  expect(error.details).toEqual({ ...bare.details, task: error.details.task });
  expect(Object.keys(error.details).sort()).toEqual(["droppedLogs", "kind", "logs", "message", "task"]);
});

test("a map of a megabyte of segments is read within the cap, and the call still answers", async () => {
  const mappings = `AAEI,${"CAAA,".repeat(Math.floor((sourceMapCaps.maxBytes - 200) / 5))}`.slice(0, -1);
  const started = performance.now();
  const error = await failure(await trapping([["wasmflow.sourcemap", json({ ...good, mappings })]]));
  // Generous: what matters is that reading it is one pass, not how fast this machine is.
  expect(performance.now() - started).toBeLessThan(5_000);
  expect(error.details.source).toMatchObject({ file: "tasks/x/index.ts", line: 3 });
});
