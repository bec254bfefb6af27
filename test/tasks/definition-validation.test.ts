import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { DefinitionError } from "../../runtime/errors/index.js";
import {
  defaultTaskLimits,
  loadTaskDefinition,
  parseTaskDefinition,
  sourceLanguage,
} from "../../runtime/tasks/index.js";
import { definition } from "../helpers/task-modules.js";

function issuesOf(value: unknown): { code: string; path: string }[] {
  try {
    parseTaskDefinition(value);
  } catch (error) {
    if (error instanceof DefinitionError) return error.issues.map(({ code, path }) => ({ code, path }));
    throw error;
  }
  throw new Error("definition was accepted");
}

describe("task definitions", () => {
  test("defaults are applied and types parsed", () => {
    const def = parseTaskDefinition(definition());
    expect(def.export).toBe("run");
    expect(def.limits).toEqual(defaultTaskLimits);
    expect(def.retry.retryOn).toEqual(["TIMEOUT", "WORKER_CRASHED"]);
    expect(def.inputType).toEqual({ kind: "record", fields: [{ name: "text", type: { kind: "string" } }] });
  });

  test.each([
    ["upper-case name", { name: "Word" }, "INVALID_FORMAT", "name"],
    ["unknown abi", { abi: "wasi" }, "INVALID_VALUE", "abi"],
    ["module not a string", { module: 3 }, "INVALID_TYPE", "module"],
    ["unknown key", { extra: true }, "UNRECOGNIZED_KEYS", "(root)"],
    ["negative timeout", { limits: { timeoutMs: -1 } }, "TOO_SMALL", "limits.timeoutMs"],
    ["fractional timeout", { limits: { timeoutMs: 1.5 } }, "INVALID_TYPE", "limits.timeoutMs"],
    ["NaN-like timeout", { limits: { timeoutMs: "soon" } }, "INVALID_TYPE", "limits.timeoutMs"],
    ["memory over 4 GiB", { limits: { maxMemoryPages: 70_000 } }, "TOO_BIG", "limits.maxMemoryPages"],
    ["zero attempts", { retry: { maxAttempts: 0 } }, "TOO_SMALL", "retry.maxAttempts"],
    ["huge backoff", { retry: { backoffFactor: 1e9 } }, "TOO_BIG", "retry.backoffFactor"],
    ["lower-case retry code", { retry: { retryOn: ["timeout"] } }, "INVALID_FORMAT", "retry.retryOn[0]"],
    ["type not a string or object", { input: 3 }, "INVALID_UNION", "input"],
    ["unknown value type", { output: "i32" }, "TYPE_SYNTAX", "output"],
    ["plain input not a record", { abi: "plain", input: "s32", output: "s32" }, "PLAIN_INPUT_NOT_RECORD", "input"],
    [
      "plain record param",
      { abi: "plain", input: { p: { x: "s32" } }, output: "s32" },
      "PLAIN_TYPE_UNSUPPORTED",
      "input.p",
    ],
    [
      "plain option output",
      { abi: "plain", input: { a: "s32" }, output: "option<s32>" },
      "PLAIN_TYPE_UNSUPPORTED",
      "output",
    ],
    ["JavaScript source of an sdk task", { abi: "sdk", source: "index.js" }, "SOURCE_LANGUAGE_UNSUPPORTED", "source"],
    [
      "TypeScript language of a plain task",
      { abi: "plain", source: "index.ts", language: "typescript" },
      "SOURCE_LANGUAGE_UNSUPPORTED",
      "language",
    ],
    ["unknown language", { abi: "component", source: "main.rs", language: "rust" }, "INVALID_VALUE", "language"],
  ])("%s → %s at %s", (_name, override, code, path) => {
    expect(issuesOf(definition(override))).toContainEqual({ code, path });
  });

  test("a source's language follows its extension unless declared", () => {
    const language = (override: Record<string, unknown>) => sourceLanguage(parseTaskDefinition(definition(override)));
    expect(language({ abi: "component", source: "index.js" })).toBe("javascript");
    expect(language({ abi: "component", source: "task.MJS" })).toBe("javascript");
    expect(language({ abi: "component", source: "index.ts" })).toBe("assemblyscript");
    expect(language({ abi: "component", source: "index.ts", language: "typescript" })).toBe("typescript");
    expect(language({ abi: "component" })).toBeUndefined();
  });

  test("several problems come back together", () => {
    const issues = issuesOf(definition({ name: "Bad Name", abi: "x", limits: { timeoutMs: 0 } }));
    expect(issues.map((i) => i.path)).toEqual(["name", "abi", "limits.timeoutMs"]);
  });

  test("a file that is not JSON is a DefinitionError naming the file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wf-def-"));
    const file = join(dir, "bad.task.json");
    writeFileSync(file, "{ name: ");
    await expect(loadTaskDefinition(file)).rejects.toMatchObject({
      code: "DEFINITION_INVALID",
      issues: [{ code: "JSON_SYNTAX" }],
    });
    await expect(loadTaskDefinition(file)).rejects.toThrow(file);
  });

  test("a missing file is a DefinitionError", async () => {
    await expect(loadTaskDefinition("/nonexistent/x.task.json")).rejects.toMatchObject({
      code: "DEFINITION_INVALID",
      issues: [{ code: "FILE_UNREADABLE" }],
    });
  });
});
