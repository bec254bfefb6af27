import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { findTaskDefinitionFiles } from "../../runtime/tasks/index.js";
import { Wasmflow } from "../../runtime/wasmflow.js";
import { tempProject } from "../helpers/project.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

// word-count may grow to 16 pages (1 MiB): an input of 1 MiB cannot be allocated in it at all.
test("an input that cannot fit under the task's memory maximum is MEMORY_LIMIT, not a bare trap", async () => {
  const wf = Wasmflow.open({ home: tempProject().home, root });
  try {
    await wf.addTasks(await findTaskDefinitionFiles(root));
    const text = "a".repeat(1024 * 1024);
    const failure = await wf.run("word-count", { text }, { maxInputBytes: 2 * 1024 * 1024 }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ code: "MEMORY_LIMIT", details: { maximumBytes: 1024 * 1024 } });
    expect((failure as { details: { inputBytes: number } }).details.inputBytes).toBeGreaterThan(1024 * 1024);
    // The pool goes on serving.
    await expect(wf.run("word-count", { text: "still here" })).resolves.toMatchObject({ output: { words: 2 } });
  } finally {
    await wf.close();
  }
});
