import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  findTaskDefinitionFiles,
  parseValueType,
  type RunOptions,
  TaskRunError,
  Wasmflow,
  WasmflowError,
} from "../../runtime/index.js";
import { tempProject } from "../helpers/project.js";

// What a library user does, through the package's one entry (runtime/index.ts) and nothing else:
// biome.json keeps this folder from importing any other runtime file. The example tasks' modules
// are built by the global setup into build/tasks/.

const root = fileURLToPath(new URL("../..", import.meta.url));
let wf: Wasmflow;

beforeAll(async () => {
  wf = Wasmflow.open({ home: tempProject("wf-public-api-").home, root, pool: { threads: 1 } });
  await wf.addTasks(await findTaskDefinitionFiles(root));
  await wf.addFlow(join(root, "flows/score-text.flow.json"));
}, 60_000);

afterAll(async () => {
  await wf.close();
});

describe("the public API", () => {
  test("runs a registered sdk task and returns its typed output", async () => {
    const result = await wf.run("word-count", { text: "hello sandbox" });
    expect(result.output).toEqual({ words: 2, vowels: 4 });
    expect(result.timings.totalMs).toBeGreaterThan(0);
  });

  test("runs a plain task with run options", async () => {
    const options: RunOptions = { timeoutMs: 5_000 };
    expect((await wf.run("slugify", { text: "Hello, Public API" }, options)).output).toBe("hello-public-api");
  });

  test("refuses an input of the wrong type with every problem, as a TaskRunError", async () => {
    const error = await wf.run("word-count", { text: 7, extra: true }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TaskRunError);
    expect(error).toBeInstanceOf(WasmflowError);
    expect((error as TaskRunError).code).toBe("INPUT_INVALID");
    expect((error as TaskRunError).issues.map((issue) => [issue.code, issue.path])).toEqual([
      ["UNKNOWN_FIELD", "input.extra"],
      ["WRONG_TYPE", "input.text"],
    ]);
  });

  test("runs a registered flow to its output and shows the run", async () => {
    const run = await wf.runFlow("score-text", { text: "one two three" });
    expect(run.status).toBe("succeeded");
    expect(run.output).toMatchObject({ words: 3 });
    const details = wf.runs.show(run.id);
    expect(details.steps.map((step) => step.id).sort()).toEqual(["count", "score", "slug"]);
  });

  test("parses declared value types", () => {
    expect(parseValueType({ text: "string" })).toEqual({
      kind: "record",
      fields: [{ name: "text", type: { kind: "string" } }],
    });
  });
});
