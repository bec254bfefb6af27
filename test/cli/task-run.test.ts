import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, test } from "vitest";
import { cli } from "../helpers/cli.js";
import { tempProject } from "../helpers/project.js";

// The example tasks are built by the global setup; each test registers them in a store of its own.
const root = fileURLToPath(new URL("../..", import.meta.url));
const home = tempProject("wf-run-").home;
const run = (...args: string[]) => cli(["task", "run", ...args, "--home", home], { cwd: root });

beforeAll(() => {
  expect(cli(["task", "add", "--home", home], { cwd: root }).code).toBe(0);
});

describe("wasmflow task run", () => {
  test("prints the typed output; --json adds logs and timings", () => {
    const human = run("word-count", "--input", '{"text": "hello sandboxed world"}');
    expect(human.code).toBe(0);
    expect(JSON.parse(human.stdout)).toEqual({ words: 3, vowels: 6 });
    expect(human.stderr).toContain("[info] 3 words, 6 vowels");
    const json = run("word-count", "--input", '{"text": "hi"}', "--json");
    expect(json.json()).toMatchObject({
      output: { words: 1, vowels: 1 },
      logs: [{ level: "info", message: "1 words, 1 vowels" }],
      timings: { totalMs: expect.any(Number), instantiateUs: expect.any(Number), callUs: expect.any(Number) },
    });
  });

  test("plain tasks take their parameters the same way; 64-bit results print as strings", () => {
    expect(run("add", "--input", '{"a": 40, "b": 2}', "--json").json()).toMatchObject({ output: 42 });
    expect(run("fib", "--input", '{"n": 90}', "--json").json()).toMatchObject({ output: "2880067194370816120" });
    expect(run("slugify", "--input", '{"text": "Hello, World"}', "--json").json()).toMatchObject({
      output: "hello-world",
    });
  });

  test("bytes are base64 in JSON; input can come from a file; a definition file runs without registration", () => {
    const project = tempProject("wf-run-in-");
    const file = project.write("input.json", JSON.stringify({ data: Buffer.from("123456789").toString("base64") }));
    const result = run("tasks/checksum/checksum.task.json", "--input-file", file, "--json");
    expect(result.json()).toMatchObject({ output: { crc32: 0xcbf43926, adler32: 0x091e01de, length: 9 } });
  });

  test.each([
    [["profile", "--input", '{"name": "x", "email": "nope", "tags": []}'], 1, "TASK_FAILED"],
    [["word-count", "--input", '{"text": 3}'], 2, "INPUT_INVALID"],
    [["word-count", "--input", "{not json"], 2, "USAGE"],
    [["word-count"], 2, "USAGE"],
    [["word-count", "--input", "{}", "--input-file", "x.json"], 2, "USAGE"],
    [["word-count", "--input", '{"text": "x"}', "--timeout", "soon"], 2, "USAGE"],
    [["nope", "--input", "{}"], 2, "TASK_NOT_FOUND"],
  ])("%j exits %i with %s", (args, exitCode, code) => {
    const result = run(...args, "--json");
    expect(result.code).toBe(exitCode);
    expect(result.json()).toMatchObject({ error: { code } });
  });

  // Regressions: an unknown task was "not registered" and nothing more; input that is not JSON
  // got the engine's message, which quotes the input back instead of saying where it breaks.
  test.each([
    [
      ["word-cuont", "--input", "{}"],
      'error [TASK_NOT_FOUND] task "word-cuont" is not registered; did you mean "word-count"?',
    ],
    [
      ["nosuch", "--input", "{}"],
      'error [TASK_NOT_FOUND] task "nosuch" is not registered; the nearest known tasks: rot13, add, fib, flaky, profile (11 in all)',
    ],
    [
      ["word-count@7", "--input", "{}"],
      'error [TASK_NOT_FOUND] task "word-count@7" is not registered: "word-count" has no revision 7',
    ],
    [
      ["word-count", "--input", '{"text": }'],
      'error [USAGE] --input is not JSON: line 1, column 10: expected a value, found "}"',
    ],
    [
      ["word-count", "--input", "{'text': 'x'}"],
      `error [USAGE] --input is not JSON: line 1, column 2: unexpected character, found "'text'" (JSON quotes strings with ", not ')`,
    ],
  ])("%j says what was meant or where it breaks", (args, message) => {
    const result = run(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`${message}\n`);
  });
});
