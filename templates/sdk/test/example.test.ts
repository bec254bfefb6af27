import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, test } from "vitest";
import { findTaskDefinitionFiles, Wasmflow } from "wasmflow";

// `npm test` builds the tasks first (`wasmflow build`). Each run registers them in a store in
// memory, so the tests never touch the project's .wasmflow/.
const root = fileURLToPath(new URL("..", import.meta.url));
const wf = Wasmflow.open({ root, home: ":memory:" });

beforeAll(async () => {
  await wf.addTasks(await findTaskDefinitionFiles(root));
  await wf.addFlow(fileURLToPath(new URL("../flows/text-stats.flow.json", import.meta.url)));
});

afterAll(() => wf.close());

test("word-count counts the words and vowels of a text, and logs them", async () => {
  const { output, logs } = await wf.run("word-count", { text: "hello sandbox" });
  expect(output).toEqual({ words: 2, vowels: 4 });
  expect(logs.map((log) => log.message)).toEqual(["2 words, 4 vowels"]);
});

test("text-stats counts a title and a body in parallel and adds them up", async () => {
  const run = await wf.runFlow("text-stats", { title: "Hello wasmflow", body: "one two three" });
  expect(run.status).toBe("succeeded");
  expect(run.output).toEqual({ words: 5, vowels: 9 });
});

test("an input of the wrong type is refused before anything runs", async () => {
  await expect(wf.run("word-count", { text: 42 })).rejects.toMatchObject({ code: "INPUT_INVALID" });
});
