import { symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { Wasmflow } from "../../runtime/wasmflow.js";
import { tempProject } from "../helpers/project.js";
import { definition, sdkModule } from "../helpers/task-modules.js";

async function projectWithTask(overrides: Record<string, unknown> = {}) {
  const project = tempProject();
  project.write("build/demo.wasm", await sdkModule());
  const file = project.write(
    "tasks/demo/demo.task.json",
    JSON.stringify(definition({ module: "../../build/demo.wasm", ...overrides })),
  );
  return { ...project, file };
}

describe("the task registry", () => {
  test("same name and same bytes is idempotent, across processes (reopened store)", async () => {
    const p = await projectWithTask();
    const first = Wasmflow.open({ home: p.home, root: p.root });
    expect((await first.addTasks([p.file]))[0]?.status).toBe("created");
    await first.close();
    const second = Wasmflow.open({ home: p.home, root: p.root });
    const [again] = await second.addTasks([p.file]);
    expect(again?.status).toBe("unchanged");
    expect(again?.task.revision).toBe(1);
    expect(second.tasks.revisions("demo")).toHaveLength(1);
    await second.close();
  });

  test("new bytes under the same name become the next revision; name@N picks one", async () => {
    const p = await projectWithTask();
    const wf = Wasmflow.open({ home: p.home, root: p.root });
    const [v1] = await wf.addTasks([p.file]);
    p.write("build/demo.wasm", await sdkModule({ memory: "1 8" }));
    const [v2] = await wf.addTasks([p.file]);
    expect(v2?.status).toBe("created");
    expect(v2?.task.revision).toBe(2);
    expect(v2?.task.moduleHash).not.toBe(v1?.task.moduleHash);
    expect(wf.tasks.get("demo").revision).toBe(2);
    expect(wf.tasks.get("demo@1").moduleHash).toBe(v1?.task.moduleHash);
    expect(wf.tasks.moduleBytes(wf.tasks.get("demo@1"))).toHaveLength(v1?.task.moduleSize ?? -1);
    await wf.close();
  });

  test("a changed definition is a new revision even with the same bytes; moving files is not", async () => {
    const p = await projectWithTask();
    const wf = Wasmflow.open({ home: p.home, root: p.root });
    await wf.addTasks([p.file]);
    const moved = p.write("elsewhere/demo.task.json", JSON.stringify(definition({ module: "../build/demo.wasm" })));
    expect((await wf.addTasks([moved]))[0]?.status).toBe("unchanged");
    const changed = p.write(
      "tasks/demo/demo.task.json",
      JSON.stringify(definition({ module: "../../build/demo.wasm", limits: { timeoutMs: 50 } })),
    );
    const [result] = await wf.addTasks([changed]);
    expect(result?.status).toBe("created");
    expect(result?.task.definition.limits.timeoutMs).toBe(50);
    await wf.close();
  });

  test("rm hides a task; revisions are never reused", async () => {
    const p = await projectWithTask();
    const wf = Wasmflow.open({ home: p.home, root: p.root });
    await wf.addTasks([p.file]);
    expect(wf.tasks.remove("demo")).toBe(1);
    expect(wf.tasks.list()).toEqual([]);
    expect(() => wf.tasks.get("demo")).toThrow(expect.objectContaining({ code: "TASK_NOT_FOUND" }));
    expect(() => wf.tasks.remove("demo")).toThrow(expect.objectContaining({ code: "TASK_NOT_FOUND" }));
    const [again] = await wf.addTasks([p.file]);
    expect(again?.task.revision).toBe(2);
    await wf.close();
  });

  test("adding several files is all or nothing, and every refusal is reported", async () => {
    const p = await projectWithTask();
    const bad = p.write(
      "tasks/bad/bad.task.json",
      JSON.stringify(definition({ name: "bad", module: "../../build/missing.wasm" })),
    );
    const worse = p.write("tasks/worse/worse.task.json", "{");
    const wf = Wasmflow.open({ home: p.home, root: p.root });
    await expect(wf.addTasks([p.file, bad, worse])).rejects.toMatchObject({
      code: "TASKS_INVALID",
      issues: [
        expect.objectContaining({ code: "MODULE_PATH_INVALID" }),
        expect.objectContaining({ code: "JSON_SYNTAX" }),
      ],
    });
    expect(wf.tasks.list()).toEqual([]);
    await wf.close();
  });

  test.each([
    ["a relative path out of the root", "../../../../../../etc/passwd"],
    ["an absolute path", "/etc/passwd"],
  ])("module paths cannot escape their root: %s", async (_name, module) => {
    const p = await projectWithTask({ module });
    const wf = Wasmflow.open({ home: p.home, root: p.root });
    await expect(wf.addTasks([p.file])).rejects.toMatchObject({ code: "MODULE_PATH_INVALID" });
    await wf.close();
  });

  test("module paths cannot escape their root through a symlink", async () => {
    const p = await projectWithTask({ module: "../../build/link.wasm" });
    symlinkSync("/etc/passwd", join(p.root, "build/link.wasm"));
    const wf = Wasmflow.open({ home: p.home, root: p.root });
    await expect(wf.addTasks([p.file])).rejects.toThrow("link outside the project root");
    await wf.close();
  });

  test("a module that is not WebAssembly is a typed error", async () => {
    const p = await projectWithTask();
    p.write("build/demo.wasm", "definitely not wasm");
    const wf = Wasmflow.open({ home: p.home, root: p.root });
    await expect(wf.addTasks([p.file])).rejects.toMatchObject({ code: "MODULE_MALFORMED" });
    await wf.close();
  });

  test("a module file over the size cap is refused before it is read", async () => {
    const p = await projectWithTask();
    p.write("build/demo.wasm", new Uint8Array(16 * 1024 * 1024 + 1));
    const wf = Wasmflow.open({ home: p.home, root: p.root });
    await expect(wf.addTasks([p.file])).rejects.toMatchObject({
      code: "TASK_INVALID",
      issues: [expect.objectContaining({ code: "MODULE_TOO_LARGE" })],
    });
    await wf.close();
  });
});
