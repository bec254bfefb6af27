import { describe, expect, test } from "vitest";
import { ModuleParseError, TaskValidationError } from "../../runtime/errors/index.js";
import { Store } from "../../runtime/store/index.js";
import { parseTaskDefinition, TaskRegistry } from "../../runtime/tasks/index.js";
import { appendCustomSection, inspectModule } from "../../runtime/wasm/index.js";
import {
  type ChildResult,
  type HostileCase,
  hostileCorpus,
  hostileModule,
  runInChild,
} from "../helpers/hostile-corpus.js";
import { definition, selfDescription } from "../helpers/task-modules.js";
import { moduleBytes, name, section } from "../wasm/binary.js";
import { thrown } from "../wasm/thrown.js";

// Every hostile module either never gets past registration, or runs in a child process whose
// pool must answer with a typed result: a child that exits 0 having printed one is a host that
// survived. Children run on the smallest worker heap a pool allows. The short timeout is for the
// modules expected to time out; those expected to answer get a long one, so that instantiating a
// module at a cap on a busy machine (several test files at once) is not mistaken for a spinner.
const childOptions = { workerHeapMb: 16, timeoutMs: 500 };
const answeringOptions = { ...childOptions, timeoutMs: 20_000 };

const corpus = hostileCorpus();
const refused = corpus.filter((entry) => entry.expect.kind === "refused");
const running = corpus.filter((entry) => entry.expect.kind !== "refused");

/** The refusal, or undefined when the module was accepted. */
function register(bytes: Uint8Array): TaskValidationError | undefined {
  const registry = new TaskRegistry(Store.open({ home: ":memory:" }));
  try {
    registry.register(parseTaskDefinition(definition()), bytes);
    return undefined;
  } catch (error) {
    if (error instanceof TaskValidationError) return error;
    throw error;
  }
}

function expectSurvived(child: ChildResult): void {
  expect({ code: child.code, signal: child.signal }, child.stderr).toEqual({ code: 0, signal: null });
}

test("the corpus covers the attacks it is meant to", () => {
  expect(corpus.map((entry) => entry.name)).toEqual(
    expect.arrayContaining([
      "table-grow-no-maximum",
      "table-grow-within-maximum",
      "element-entries-over-limit",
      "exports-over-limit",
      "globals-over-limit",
      "throw-catch-loop",
      "deep-recursion",
    ]),
  );
});

describe("refused at registration", () => {
  test.concurrent.each(refused)("$name: $attack", async (entry: HostileCase) => {
    const want = entry.expect;
    if (want.kind !== "refused") throw new Error(`${entry.name} is not a refusal`);
    const refusal = register(await hostileModule(entry));
    expect(refusal?.issues.map((issue) => issue.code)).toEqual([want.code]);
    expect(refusal?.issues[0]?.message).toMatch(/^task "demo": /);
  });

  test("the no-maximum table bomb is stopped by registration alone", async ({ annotate }) => {
    const entry = corpus.find((e) => e.name === "table-grow-no-maximum") as HostileCase;
    const bytes = await hostileModule(entry);
    // Run unchecked, the guest may take its whole process down (V8: "Reached heap limit" inside
    // table.grow, exit 134): only a child's, so its fate is recorded, not asserted.
    const unchecked = await runInChild(entry.name, bytes, childOptions);
    await annotate(`unchecked run: exit ${unchecked.code}, signal ${unchecked.signal}`);
    expect(register(bytes)?.issues).toEqual([
      expect.objectContaining({ code: "TABLE_NO_MAXIMUM", path: "tables[0].maximum", actual: "none" }),
    ]);
  });
});

describe("accepted, and run in a child process whose pool answers with a typed result", () => {
  test.concurrent.each(running)("$name: $attack", async (entry: HostileCase) => {
    const bytes = await hostileModule(entry);
    expect(register(bytes)).toBeUndefined();
    const want = entry.expect;
    const child = await runInChild(entry.name, bytes, want.kind === "output" ? answeringOptions : childOptions);
    expectSurvived(child);
    if (want.kind === "output") {
      expect(child.line).toEqual({ kind: "output", output: { words: 7 } });
    } else if (want.kind === "error") {
      expect(child.line).toMatchObject({ kind: "error", code: want.code, ...(want.trap ? { trap: want.trap } : {}) });
    }
  });
});

describe("WebAssembly GC types are refused even where the engine accepts them", () => {
  // struct.new and array.new allocate where the worker's heap limit does not hold them back:
  // under --experimental-wasm-gc, 100 000 one-MiB arrays kept in a table took a child to 13 GB.
  const struct = [0x5f, 1, 0x7f, 1]; // (struct (field (mut i32))), encoded alike in V8 11 and the final spec
  const types = section(1, [3, 0x60, 1, 0x7f, 1, 0x7f, 0x60, 2, 0x7f, 0x7f, 1, 0x7f, ...struct]);
  const imports = section(2, [1, ...name("env"), ...name("memory"), 2, 0x01, 1, 16]);
  const functions = section(3, [2, 0, 1]);
  const exports = section(7, [3, ...name("memory"), 2, 0, ...name("wasmflow_alloc"), 0, 0, ...name("run"), 0, 1]);
  const code = section(10, [2, 5, 0, 0x41, 0x80, 0x40, 0x0b, 3, 0, 0x00, 0x0b]);
  const gcModule = appendCustomSection(
    moduleBytes(types, imports, functions, exports, code),
    "wasmflow.abi",
    selfDescription("record{text: string}", "record{words: u32}"),
  );

  test("Node's own validator refuses them by default", () => {
    expect(thrown(() => inspectModule(gcModule))).toBeInstanceOf(ModuleParseError);
  });

  test("with --experimental-wasm-gc the module is valid, and registration refuses it", async () => {
    const child = await runInChild("gc-types", gcModule, { register: true, nodeFlags: ["--experimental-wasm-gc"] });
    expectSurvived(child);
    expect(child.line).toEqual({ kind: "refused", codes: ["GC_TYPES_UNSUPPORTED"] });
  });
});
