import { afterAll, expect, test } from "vitest";
import { Wasmflow } from "../../../runtime/wasmflow.js";
import { tempProject } from "../../helpers/project.js";
import { definition, sdkModule } from "../../helpers/task-modules.js";

const project = tempProject("wf-gate-");
const wf = Wasmflow.open({ home: project.home, root: project.root, pool: { threads: 1 } });
afterAll(() => wf.close());

test("a module declaring memory far above its limit is refused before it reaches a worker", async () => {
  project.write(
    "build/greedy.wasm",
    await sdkModule({ memoryImport: '(import "env" "memory" (memory $mem 1 65536))' }),
  );
  const file = project.write(
    "tasks/greedy/greedy.task.json",
    JSON.stringify(definition({ module: "../../build/greedy.wasm" })),
  );
  await expect(wf.runDefinition(file, { text: "x" })).rejects.toMatchObject({
    code: "TASK_INVALID",
    issues: [expect.objectContaining({ code: "MEMORY_MAXIMUM_OVER_LIMIT" })],
  });
  await expect(wf.run("greedy", { text: "x" })).rejects.toMatchObject({ code: "TASK_NOT_FOUND" });
});
