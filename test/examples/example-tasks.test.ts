import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { instantiateSync } from "@assemblyscript/loader";
import { beforeAll, describe, expect, test } from "vitest";
import { findTaskDefinitionFiles } from "../../runtime/tasks/index.js";
import { Wasmflow } from "../../runtime/wasmflow.js";
import { callSdk, packr } from "../guest-sdk/sdk-host.js";
import { compileTaskModule, requireHostMemory } from "../helpers/host-memory.js";
import { tempProject } from "../helpers/project.js";

// The example tasks are built by the global setup, exactly as `npm start` builds them.
const root = fileURLToPath(new URL("../..", import.meta.url));
const moduleOf = (name: string) => compileTaskModule(readFileSync(`${root}/build/tasks/${name}.wasm`));

function runSdk(name: string, input: unknown): unknown {
  const result = callSdk(moduleOf(name), "run", packr.pack(input));
  if (result.status !== "ok") throw new Error(`${name}: ${JSON.stringify(result)}`);
  return packr.unpack(result.output);
}

describe("the example tasks", () => {
  let wf: Wasmflow;
  beforeAll(() => {
    wf = Wasmflow.open({ home: tempProject().home, root });
    return () => wf.close();
  });

  test("all of them pass registration", async () => {
    const results = await wf.addTasks(await findTaskDefinitionFiles(root));
    expect(results.every((r) => r.status === "created")).toBe(true);
    expect(results.map((r) => r.task.name).sort()).toEqual([
      "add",
      "char-classes",
      "checksum",
      "fib",
      "flaky",
      "profile",
      "rot13",
      "score",
      "slugify",
      "title-case",
      "word-count",
    ]);
  });

  test("char-classes, an AssemblyScript component, counts character classes and gives the first non-space", async () => {
    const { output } = await wf.run("char-classes", { text: " Ærø 2026 !" });
    expect(output).toEqual({ letters: 3, digits: 4, spaces: 3, others: 1, dominant: "digits", first: "Æ" });
    const empty = await wf.run("char-classes", { text: "" });
    expect(empty.output).toEqual({ letters: 0, digits: 0, spaces: 0, others: 0, dominant: "none", first: null });
  });

  test("title-case, a JavaScript component, title-cases words in any script and counts them", async () => {
    const { output } = await wf.run("title-case", "élan  VITAL «ærø» straße 3d");
    expect(output).toEqual({ title: "Élan  Vital «Ærø» Straße 3D", words: 5 });
    expect((await wf.run("title-case", "")).output).toEqual({ title: "", words: 0 });
  });

  test("word-count counts words and vowels", () => {
    expect(runSdk("word-count", { text: "Hello wide  world\n" })).toEqual({ words: 3, vowels: 5 });
    expect(runSdk("word-count", { text: "" })).toEqual({ words: 0, vowels: 0 });
  });

  test("score grades vowel density", () => {
    expect(runSdk("score", { words: 10, vowels: 15 })).toEqual({ score: 1, label: "high" });
    expect(runSdk("score", { words: 0, vowels: 0 })).toEqual({ score: 0, label: "low" });
  });

  test("profile normalises a record and fails cleanly on a bad e-mail", () => {
    expect(
      runSdk("profile", {
        name: "  ada   LOVELACE ",
        email: "Ada@Example.ORG",
        tags: ["Math", "math ", "", "poetry"],
        age: 36,
      }),
    ).toEqual({
      displayName: "Ada Lovelace",
      domain: "example.org",
      tags: ["math", "poetry"],
      adult: true,
    });
    expect(runSdk("profile", { name: "x", email: "x@y", tags: [], age: null })).toMatchObject({ adult: null });
    const failed = callSdk(moduleOf("profile"), "run", packr.pack({ name: "x", email: "nope", tags: [], age: null }));
    expect(failed).toMatchObject({ status: "failed", message: '"nope" is not an e-mail address' });
  });

  test("flaky fails when its seeded roll is below failRate, and echoes its text otherwise", () => {
    const passed = runSdk("flaky", { text: "ok", failRate: 0 }) as { text: string; roll: number };
    expect(passed.text).toBe("ok");
    expect(passed.roll).toBeGreaterThanOrEqual(0);
    expect(passed.roll).toBeLessThan(1);
    const failed = callSdk(moduleOf("flaky"), "run", packr.pack({ text: "ok", failRate: 1 }));
    expect(failed).toMatchObject({ status: "failed" });
    expect((failed as { message: string }).message).toMatch(/^transient failure: rolled 0\.\d+ below 1/);
  });

  test("checksum matches known CRC-32 and Adler-32 values", () => {
    const data = new TextEncoder().encode("123456789");
    expect(runSdk("checksum", { data })).toEqual({ crc32: 0xcbf43926, adler32: 0x091e01de, length: 9 });
  });

  test("math exports add(i32, i32) -> i32 and fib(i32) -> i64", () => {
    const math = moduleOf("math");
    const { add, fib } = new WebAssembly.Instance(math, { env: { abort: () => {}, memory: requireHostMemory(math) } })
      .exports as {
      add: (a: number, b: number) => number;
      fib: (n: number) => bigint;
    };
    expect(add(2, 40)).toBe(42);
    expect(add(0x7fffffff, 1)).toBe(-0x80000000);
    expect(fib(90)).toBe(2880067194370816120n);
  });

  test("slugify takes and returns a string through @assemblyscript/loader", () => {
    const { exports } = instantiateSync<{ slugify: (ptr: number) => number }>(
      readFileSync(`${root}/build/tasks/slugify.wasm`),
      { env: { memory: requireHostMemory(moduleOf("slugify")) } },
    );
    const slug = exports.__getString(exports.slugify(exports.__newString("Hello, WebAssembly World! 2026")));
    expect(slug).toBe("hello-webassembly-world-2026");
  });
});
