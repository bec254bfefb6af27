import { beforeAll, expect, test } from "vitest";
import { cli } from "../helpers/cli.js";
import { tempProject } from "../helpers/project.js";
import { definition, sdkModule } from "../helpers/task-modules.js";

const depths = [2_000, 10_000, 100_000];

const nestedObject = (levels: number, leaf: string) => `${'{"a": '.repeat(levels)}${leaf}${"}".repeat(levels)}`;
const nestedList = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;
const taskWith = (field: string, json: string) =>
  `{"name": "demo", "abi": "sdk", "module": "../../build/demo.wasm", "input": {"text": "string"}, "output": {"words": "u32"}, "${field}": ${json}}`;
const flowWith = (input: string, expression: string) =>
  `{"name": "greet", "input": ${input}, "steps": [{"id": "a", "task": "demo", "input": {"text": ${JSON.stringify(expression)}}}], "output": {"a": "steps.a.output"}}`;

let project: ReturnType<typeof tempProject>;

beforeAll(async () => {
  project = tempProject("wf-nesting-");
  project.write("build/demo.wasm", await sdkModule());
  project.write("tasks/demo/demo.task.json", JSON.stringify(definition({ module: "../../build/demo.wasm" })));
});

// Each command that reads nested input, the file it is given, and the error code it must answer.
const commands: [string, (levels: number) => { file: string; text: string }, (file: string) => string[], string][] = [
  [
    "task add, a definition whose input type",
    (n) => ({ file: "tasks/deep/deep.task.json", text: taskWith("input", nestedObject(n, '"u32"')) }),
    (file) => ["task", "add", file],
    "DEFINITION_INVALID",
  ],
  [
    "task add, a definition whose limits",
    (n) => ({ file: "tasks/deep/deep.task.json", text: taskWith("limits", nestedObject(n, "1")) }),
    (file) => ["task", "add", file],
    "DEFINITION_INVALID",
  ],
  [
    "flow add, a flow whose input type",
    (n) => ({ file: "flows/deep.flow.json", text: flowWith(nestedObject(n, '"string"'), "'x'") }),
    (file) => ["flow", "add", file],
    "DEFINITION_INVALID",
  ],
  [
    "flow validate, a flow whose expression",
    (n) => ({
      file: "flows/deep.flow.json",
      text: flowWith('{"name": "string"}', `${"(".repeat(n)}input.name${")".repeat(n)}`),
    }),
    (file) => ["flow", "validate", file],
    "DEFINITION_INVALID",
  ],
  [
    "task run --input-file, an input that",
    (n) => ({ file: "deep-input.json", text: `{"text": ${nestedList(n)}}` }),
    (file) => ["task", "run", "tasks/demo/demo.task.json", "--input-file", file],
    "INPUT_INVALID",
  ],
];

test.each(commands.flatMap(([name, write, args, code]) => depths.map((n) => [name, n, write, args, code] as const)))(
  "%s nests %i deep exits 2 with a typed error and no stack trace",
  (_name, levels, write, args, code) => {
    const { file, text } = write(levels);
    project.write(file, text);
    const result = cli([...args(file), "--json"], { cwd: project.root, timeoutMs: 20_000 });
    expect(result.code).toBe(2);
    expect(result.json()).toMatchObject({ error: { code } });
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/RangeError|Maximum call stack|\n\s+at /);
  },
);
