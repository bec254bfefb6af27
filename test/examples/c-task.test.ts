import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Wasmflow } from "../../runtime/wasmflow.js";
import { tempProject } from "../helpers/project.js";

// The C example (tasks/rot13): its module is committed so `npm start` needs no C compiler, and
// this checks that the committed bytes are what clang makes of the source. CI installs clang and
// lld from Debian's packages when they are missing (.ci/run).
const root = fileURLToPath(new URL("../..", import.meta.url));
const { clangArgs, clangEnv, findClang } = (await import(`${root}/scripts/build-c-tasks.mjs`)) as {
  clangArgs(source: string): string[];
  clangEnv(): NodeJS.ProcessEnv;
  findClang(): string | undefined;
};

describe("the example task written in C", () => {
  let wf: Wasmflow;
  beforeAll(async () => {
    wf = Wasmflow.open({ home: tempProject().home, root });
    await wf.addTasks([`${root}/tasks/rot13/rot13.task.json`]);
  });
  afterAll(() => wf.close());

  test("the committed module is what clang makes of rot13.c", () => {
    const clang = findClang();
    expect(clang, "clang-14 and lld-14 are needed: apt-get install clang-14 lld-14").toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), "wf-c-"));
    const source = join(dir, "rot13.c");
    execFileSync("cp", [`${root}/tasks/rot13/rot13.c`, source]);
    execFileSync(clang as string, clangArgs(source), { env: clangEnv() });
    expect(readFileSync(join(dir, "rot13.wasm")).equals(readFileSync(`${root}/tasks/rot13/rot13.wasm`))).toBe(true);
  });

  test("it declares no memory maximum, so registration imposes the task's", () => {
    const task = wf.tasks.get("rot13");
    expect(task?.memoryMaximumImposed).toEqual({ pages: 16, declared: null });
  });

  test("it runs through the pool on the ptr-len ABI, any UTF-8 in and out", async () => {
    expect((await wf.run("rot13", "Hello, World")).output).toBe("Uryyb, Jbeyq");
    expect((await wf.run("rot13", "")).output).toBe("");
    expect((await wf.run("rot13", "Grüße 😀 abc")).output).toBe("Teüßr 😀 nop");
    const long = "abcdefghijklmnopqrstuvwxyz".repeat(5000);
    expect((await wf.run("rot13", long)).output).toBe("nopqrstuvwxyzabcdefghijklm".repeat(5000));
  });
});
