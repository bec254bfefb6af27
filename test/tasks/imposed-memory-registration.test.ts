import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { TaskValidationError } from "../../runtime/errors/index.js";
import { Store } from "../../runtime/store/index.js";
import { parseTaskDefinition, TaskRegistry } from "../../runtime/tasks/index.js";
import { inspectModule } from "../../runtime/wasm/index.js";
import { definition, sdkModule } from "../helpers/task-modules.js";

// A module that defines its memory with no maximum, or one over the task's limit, is registered
// with the limit written in as its maximum; the revision records it. Imported memories keep their
// rules: no maximum, or one over the limit, is refused.

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const limited = (pages: number) => parseTaskDefinition(definition({ limits: { maxMemoryPages: pages } }));

function registry(store = Store.open({ home: ":memory:" })): TaskRegistry {
  return new TaskRegistry(store);
}

function refusal(pages: number, bytes: Uint8Array): TaskValidationError {
  try {
    registry().register(limited(pages), bytes);
  } catch (error) {
    if (error instanceof TaskValidationError) return error;
    throw error;
  }
  throw new Error("module was accepted");
}

describe("a memory the module defines", () => {
  test("with no maximum: the task's limit is imposed, stored, hashed and recorded", async () => {
    const original = await sdkModule({ memory: "1" });
    const tasks = registry();
    const { task, status } = tasks.register(limited(16), original);
    expect(status).toBe("created");
    expect(task.memoryMaximumImposed).toEqual({ pages: 16, declared: null });
    const stored = tasks.moduleBytes(task);
    expect(inspectModule(stored).memories).toEqual([{ initial: 1, maximum: 16, shared: false, index64: false }]);
    expect(task.moduleHash).toBe(sha256(stored));
    expect(task.moduleHash).not.toBe(sha256(original));
    expect(task.moduleSize).toBe(stored.byteLength);
    expect(tasks.get("demo").memoryMaximumImposed).toEqual({ pages: 16, declared: null });
  });

  test("with a maximum over the limit: it is lowered to the limit", async () => {
    const tasks = registry();
    const { task } = tasks.register(limited(16), await sdkModule({ memory: "1 65536" }));
    expect(task.memoryMaximumImposed).toEqual({ pages: 16, declared: 65536 });
    expect(tasks.inspect("demo").memories[0]?.maximum).toBe(16);
  });

  test("with a maximum within the limit: stored byte for byte, nothing recorded", async () => {
    const original = await sdkModule({ memory: "1 8" });
    const tasks = registry();
    const { task } = tasks.register(limited(16), original);
    expect(task).not.toHaveProperty("memoryMaximumImposed");
    expect(tasks.moduleBytes(task)).toEqual(original);
    expect(task.moduleHash).toBe(sha256(original));
  });

  test("starting above the limit: refused, MEMORY_INITIAL_OVER_LIMIT", async () => {
    const error = refusal(16, await sdkModule({ memory: "20" }));
    expect(error.issues).toEqual([
      expect.objectContaining({ code: "MEMORY_INITIAL_OVER_LIMIT", path: "memories[0].initial", actual: "20 pages" }),
    ]);
  });

  test("shared: still refused", async () => {
    const error = refusal(16, await sdkModule({ memory: "1 100 shared" }));
    expect(error.issues.map((i) => i.code)).toEqual(["MEMORY_SHARED"]);
  });

  test("registering the same module again is unchanged; one that declared otherwise is a new revision", async () => {
    const tasks = registry();
    const first = tasks.register(limited(16), await sdkModule({ memory: "1" }));
    expect(tasks.register(limited(16), await sdkModule({ memory: "1" })).status).toBe("unchanged");
    // Both are stored as the same bytes once 16 is imposed; what each declared tells them apart.
    const other = tasks.register(limited(16), await sdkModule({ memory: "1 1000" }));
    expect(other.status).toBe("created");
    expect(other.task.moduleHash).toBe(first.task.moduleHash);
    expect(other.task.revision).toBe(2);
    expect(other.task.memoryMaximumImposed).toEqual({ pages: 16, declared: 1000 });
    expect(tasks.get("demo@1").memoryMaximumImposed).toEqual({ pages: 16, declared: null });
  });

  test("what was imposed survives closing and reopening the store", async () => {
    const home = mkdtempSync(join(tmpdir(), "wf-imposed-"));
    const store = Store.open({ home });
    registry(store).register(limited(32), await sdkModule({ memory: "2" }));
    store.close();
    const reopened = Store.open({ home });
    try {
      expect(registry(reopened).get("demo").memoryMaximumImposed).toEqual({ pages: 32, declared: null });
    } finally {
      reopened.close();
    }
  });
});

describe("an imported memory keeps today's rules", () => {
  test.each([
    ["no maximum", "(memory $mem 1)", "MEMORY_NO_MAXIMUM"],
    ["a maximum over the limit", "(memory $mem 1 1000)", "MEMORY_MAXIMUM_OVER_LIMIT"],
  ])("%s is refused", async (_, memory, code) => {
    const error = refusal(16, await sdkModule({ memoryImport: `(import "env" "memory" ${memory})` }));
    expect(error.issues).toEqual([expect.objectContaining({ code, path: "memories[0].maximum" })]);
  });

  test("a maximum within the limit is stored as it is", async () => {
    const original = await sdkModule({ memoryImport: '(import "env" "memory" (memory $mem 1 16))' });
    const { task } = registry().register(limited(16), original);
    expect(task).not.toHaveProperty("memoryMaximumImposed");
    expect(task.moduleHash).toBe(sha256(original));
  });
});
