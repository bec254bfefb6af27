import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, test } from "vitest";
import { findTaskDefinitionFiles, Wasmflow } from "wasmflow";

// `npm test` builds the tasks first (`wasmflow build`). Each run registers them in a store in
// memory, so the tests never touch the project's .wasmflow/.
const root = fileURLToPath(new URL("..", import.meta.url));
const wf = Wasmflow.open({ root, home: ":memory:" });

beforeAll(async () => {
  await wf.addTasks(await findTaskDefinitionFiles(root));
  await wf.addFlow(fileURLToPath(new URL("../flows/sum-of-three.flow.json", import.meta.url)));
});

afterAll(() => wf.close());

test("add adds two integers, wrapping around as 32-bit integers do", async () => {
  expect((await wf.run("add", { a: 2, b: 40 })).output).toBe(42);
  expect((await wf.run("add", { a: 2147483647, b: 1 })).output).toBe(-2147483648);
});

test("sum-of-three feeds the first step's output to the second", async () => {
  const run = await wf.runFlow("sum-of-three", { a: 1, b: 2, c: 39 });
  expect(run.status).toBe("succeeded");
  expect(run.output).toEqual({ sum: 42 });
});

test("an input of the wrong type is refused before anything runs", async () => {
  await expect(wf.run("add", { a: "two", b: 40 })).rejects.toMatchObject({ code: "INPUT_INVALID" });
});
