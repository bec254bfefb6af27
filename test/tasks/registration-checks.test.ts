import { describe, expect, test } from "vitest";
import { TaskValidationError } from "../../runtime/errors/index.js";
import { Store } from "../../runtime/store/index.js";
import { checkModule, parseTaskDefinition, TaskRegistry } from "../../runtime/tasks/index.js";
import { appendCustomSection } from "../../runtime/wasm/index.js";
import { parseModule } from "../../runtime/wasm/parse-module.js";
import { definition, type SdkWatOptions, sdkModule, selfDescription } from "../helpers/task-modules.js";
import { wat } from "../helpers/wat.js";
import { moduleBytes, section } from "../wasm/binary.js";

function registry(): TaskRegistry {
  return new TaskRegistry(Store.open({ home: ":memory:" }));
}

/** Registers and returns the refusal, failing the test if the module was accepted. */
function refusal(def: Record<string, unknown>, bytes: Uint8Array): TaskValidationError {
  try {
    registry().register(parseTaskDefinition(def), bytes);
  } catch (error) {
    if (error instanceof TaskValidationError) return error;
    throw error;
  }
  throw new Error("module was accepted");
}

const sdkCases: [string, SdkWatOptions, string, string][] = [
  ["missing allocator", { omitAlloc: true }, "MISSING_EXPORT", "exports.wasmflow_alloc"],
  ["missing memory export", { omitMemoryExport: true }, "MISSING_EXPORT", "exports.memory"],
  [
    "entry of the wrong kind",
    { entry: "other", extra: '(global (export "run") i32 (i32.const 0))' },
    "EXPORT_KIND_MISMATCH",
    "exports.run",
  ],
  [
    "entry with the wrong signature",
    { entrySignature: "(param i32) (result i32)" },
    "SIGNATURE_MISMATCH",
    "exports.run",
  ],
  [
    "allocator with the wrong signature",
    { allocSignature: "(param i64) (result i32)" },
    "SIGNATURE_MISMATCH",
    "exports.wasmflow_alloc",
  ],
  [
    "WASI import",
    { extra: '(import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))' },
    "IMPORT_NOT_ALLOWED",
    "imports.wasi_snapshot_preview1.fd_write",
  ],
  ["unknown env import", { extra: '(import "env" "steal" (func))' }, "IMPORT_NOT_ALLOWED", "imports.env.steal"],
  [
    "allowed import with the wrong signature",
    { extra: '(import "env" "abort" (func (param i32)))' },
    "IMPORT_SIGNATURE_MISMATCH",
    "imports.env.abort",
  ],
  [
    "allowed import name of the wrong kind",
    { extra: '(import "env" "seed" (global f64))' },
    "IMPORT_KIND_MISMATCH",
    "imports.env.seed",
  ],
  [
    "memory imported under another name",
    { memoryImport: '(import "host" "memory" (memory $mem 1 2))' },
    "IMPORT_NOT_ALLOWED",
    "imports.host.memory",
  ],
  [
    "imported memory without maximum",
    { memoryImport: '(import "env" "memory" (memory $mem 1))' },
    "MEMORY_NO_MAXIMUM",
    "memories[0].maximum",
  ],
  [
    "imported memory over the limit",
    { memoryImport: '(import "env" "memory" (memory $mem 1 1000))' },
    "MEMORY_MAXIMUM_OVER_LIMIT",
    "memories[0].maximum",
  ],
  ["memory initial over the limit", { memory: "300 300" }, "MEMORY_INITIAL_OVER_LIMIT", "memories[0].initial"],
  ["shared memory", { memory: "1 16 shared" }, "MEMORY_SHARED", "memories[0]"],
  [
    "too many tables",
    { extra: "(table 1 funcref) (table 1 funcref) (table 1 funcref) (table 1 funcref) (table 1 funcref)" },
    "TABLES_OVER_LIMIT",
    "tables",
  ],
  ["huge table", { extra: "(table 200000 funcref)" }, "TABLE_OVER_LIMIT", "tables[0]"],
  ["table without maximum", { extra: "(table 1 funcref)" }, "TABLE_NO_MAXIMUM", "tables[0].maximum"],
  ["table maximum over the limit", { extra: "(table 1 200000 externref)" }, "TABLE_OVER_LIMIT", "tables[0]"],
];

// Modules over a count cap: objects, so that titles name the case rather than print its text.
const countCases: { name: string; extra: string; code: string; path: string }[] = [
  {
    name: "too many globals",
    extra: "(global (mut i32) (i32.const 0))".repeat(10_001),
    code: "GLOBALS_OVER_LIMIT",
    path: "globals",
  },
  {
    name: "too many exports",
    extra: Array.from({ length: 9_998 }, (_, i) => `(func (export "e${i}"))`).join(""),
    code: "EXPORTS_OVER_LIMIT",
    path: "exports",
  },
  {
    name: "too many element segments",
    extra: "(elem func)".repeat(1_001),
    code: "ELEMENT_SEGMENTS_OVER_LIMIT",
    path: "elements",
  },
  {
    name: "more element entries than the tables can hold",
    extra: `(func $f) (elem func ${"$f ".repeat(400_001)})`,
    code: "ELEMENTS_OVER_LIMIT",
    path: "elements.entries",
  },
];

describe("registration refuses modules that do not match their definition", () => {
  test.each(countCases)("$name → $code", async ({ extra, code, path }) => {
    const error = refusal(definition(), await sdkModule({ extra }));
    expect(error.issues).toEqual([expect.objectContaining({ code, path })]);
    expect(error.issues[0]?.message).toMatch(/^task "demo": module declares \d+ .+, more than \d+$/);
  });

  test.each(sdkCases)("%s → %s", async (_name, options, code, path) => {
    const error = refusal(definition(), await sdkModule(options));
    expect(error.code).toBe("TASK_INVALID");
    expect(error.issues).toContainEqual(expect.objectContaining({ code, path }));
  });

  test("a table without maximum is named in the message, like a memory", async () => {
    const error = refusal(definition(), await sdkModule({ extra: "(table 1 funcref) (table 2 8 funcref)" }));
    expect(error.issues).toEqual([
      {
        code: "TABLE_NO_MAXIMUM",
        path: "tables[0].maximum",
        expected: "<= 100000 elements",
        actual: "none",
        message: 'task "demo": table 0 declares no maximum, so nothing would stop it growing',
      },
    ]);
  });

  test("tables, globals, exports and element segments at their caps are accepted", async () => {
    const extra = [
      "(table 100000 100000 funcref) (table 1 100000 funcref) (table 0 100000 externref) (table 0 100000 funcref)",
      "(global (mut i32) (i32.const 0))".repeat(10_000),
      Array.from({ length: 9_997 }, (_, i) => `(func (export "e${i}"))`).join(""),
      "(elem func)".repeat(998),
      `(func $f) (elem (table 0) (i32.const 0) func ${"$f ".repeat(100_000)})`,
      `(elem func ${"$f ".repeat(300_000)})`,
    ].join(" ");
    const result = registry().register(parseTaskDefinition(definition()), await sdkModule({ extra }));
    expect(result.status).toBe("created");
  });

  test("WebAssembly GC types are refused, whatever the engine would say", () => {
    // (func), (struct (field (mut i32))): read straight from the bytes, which Node 20 refuses
    // unless run with --experimental-wasm-gc.
    const info = parseModule(moduleBytes(section(1, [2, 0x60, 0, 0, 0x5f, 1, 0x7f, 1])));
    expect(checkModule(parseTaskDefinition(definition()), info)).toContainEqual(
      expect.objectContaining({ code: "GC_TYPES_UNSUPPORTED", path: "types", actual: "1 struct or array types" }),
    );
  });

  test("a module importing env.memory with a maximum is accepted", async () => {
    const bytes = await sdkModule({ memoryImport: '(import "env" "memory" (memory $mem 1 16))' });
    expect(registry().register(parseTaskDefinition(definition()), bytes).status).toBe("created");
  });

  test("a well-formed sdk module is accepted", async () => {
    const result = registry().register(parseTaskDefinition(definition()), await sdkModule());
    expect(result.status).toBe("created");
    expect(result.task.revision).toBe(1);
  });

  test("every problem is reported at once, with expected and actual", async () => {
    const bytes = await sdkModule({
      memory: "1",
      entrySignature: "(param i32) (result i64)",
      extra: '(import "wasi_snapshot_preview1" "proc_exit" (func (param i32)))',
      input: "record{text: string, extra: u32}",
    });
    const error = refusal(definition(), bytes);
    expect(error.issues.map((i) => i.code).sort()).toEqual(
      ["IMPORT_NOT_ALLOWED", "SELF_DESCRIPTION_MISMATCH", "SIGNATURE_MISMATCH"].sort(),
    );
    expect(error.issues).toContainEqual(
      expect.objectContaining({ code: "SIGNATURE_MISMATCH", expected: "(i32, i32) -> i32", actual: "(i32) -> i64" }),
    );
    expect(error.message).toContain('task "demo": 3 problems');
  });
});

describe("the sdk self-description must agree with the definition", () => {
  test("missing section", async () => {
    const error = refusal(definition(), await sdkModule({ describe: false }));
    expect(error.issues).toContainEqual(expect.objectContaining({ code: "SELF_DESCRIPTION_MISSING" }));
  });

  test("declared input differs", async () => {
    const error = refusal(definition(), await sdkModule({ input: "record{text: list<string>}" }));
    expect(error.issues).toContainEqual(
      expect.objectContaining({
        code: "SELF_DESCRIPTION_MISMATCH",
        path: "custom-section.wasmflow.abi.input",
        expected: "record{text: string}",
        actual: "record{text: list<string>}",
      }),
    );
  });

  test.each([
    ["not JSON", new TextEncoder().encode("{abi: 1"), "SELF_DESCRIPTION_INVALID"],
    ["wrong shape", new TextEncoder().encode('{"abi":"one"}'), "SELF_DESCRIPTION_INVALID"],
    ["invalid UTF-8", new Uint8Array([0xff, 0xfe, 0x7b]), "SELF_DESCRIPTION_INVALID"],
    ["newer ABI", selfDescription("record{text: string}", "record{words: u32}", { abi: 2 }), "ABI_VERSION_UNSUPPORTED"],
  ])("%s → %s", async (_name, payload, code) => {
    const bytes = appendCustomSection(await sdkModule({ describe: false }), "wasmflow.abi", payload);
    expect(refusal(definition(), bytes).issues).toContainEqual(expect.objectContaining({ code }));
  });

  test("two self-descriptions", async () => {
    const once = await sdkModule();
    const twice = appendCustomSection(
      once,
      "wasmflow.abi",
      selfDescription("record{text: string}", "record{words: u32}"),
    );
    expect(refusal(definition(), twice).issues).toContainEqual(
      expect.objectContaining({ code: "SELF_DESCRIPTION_DUPLICATE" }),
    );
  });
});

describe("plain tasks are checked exactly against their declared types", () => {
  const addDefinition = definition({ abi: "plain", export: "add", input: { a: "s32", b: "s32" }, output: "s32" });

  test("matching numeric export is accepted", async () => {
    const bytes = await wat(
      `(module (memory 1 1) (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))`,
    );
    expect(registry().register(parseTaskDefinition(addDefinition), bytes).status).toBe("created");
  });

  test("the message names the export and both signatures", async () => {
    const bytes = await wat(`(module (func (export "add") (param i32 i32) (result i64) i64.const 0))`);
    const error = refusal(addDefinition, bytes);
    expect(error.issues[0]?.message).toBe(
      'task "demo": export "add" has type (i32, i32) -> i64, definition expects (i32, i32) -> i32',
    );
  });

  test("s64 maps to i64", async () => {
    const fib = definition({ abi: "plain", export: "fib", input: { n: "s32" }, output: "s64" });
    const bytes = await wat(`(module (func (export "fib") (param i32) (result i64) i64.const 0))`);
    expect(registry().register(parseTaskDefinition(fib), bytes).status).toBe("created");
  });

  test("strings need the AssemblyScript runtime exports", async () => {
    const upper = definition({ abi: "plain", export: "upper", input: { text: "string" }, output: "string" });
    const bytes = await wat(
      `(module (memory (export "memory") 1 2) (func (export "upper") (param i32) (result i32) local.get 0))`,
    );
    const codes = refusal(upper, bytes).issues.map((i) => `${i.code} ${i.path}`);
    expect(codes).toEqual([
      "MISSING_EXPORT exports.__new",
      "MISSING_EXPORT exports.__pin",
      "MISSING_EXPORT exports.__unpin",
    ]);
  });
});
