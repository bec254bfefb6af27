import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildTasks } from "../runtime/build/index.js";
import { Wasmflow } from "../runtime/wasmflow.js";

/** The name the size series runs: word-count's source, built with room for a 1 MiB text. */
export const largeWordCount = "word-count-large";

/**
 * Builds word-count's own source as `word-count-large`, with 16 MiB of memory (word-count
 * declares 1 MiB: a 1 MiB text decodes to 2 MiB of UTF-16 in the guest) and a 2 MiB input cap,
 * in a project of its own under `home`, and registers it in the store at `home`. Same code, so
 * the size series measures how cost grows with input, not a different task.
 */
export async function registerLargeWordCount(root: string, home: string): Promise<void> {
  const project = join(home, "large-word-count");
  const folder = join(project, "tasks", largeWordCount);
  mkdirSync(folder, { recursive: true });
  copyFileSync(join(root, "tasks", "word-count", "index.ts"), join(folder, "index.ts"));
  copyFileSync(join(root, "asconfig.json"), join(project, "asconfig.json"));
  const definition = JSON.parse(readFileSync(join(root, "tasks", "word-count", "word-count.task.json"), "utf8"));
  delete definition.$schema;
  writeFileSync(
    join(folder, `${largeWordCount}.task.json`),
    JSON.stringify({
      ...definition,
      name: largeWordCount,
      description: "word-count with room for a 1 MiB text (benchmarks only)",
      module: `../../build/tasks/${largeWordCount}.wasm`,
      limits: { ...definition.limits, maxMemoryPages: 256, maxInputBytes: 2 * 1024 * 1024, timeoutMs: 10_000 },
    }),
  );
  await buildTasks({ root: project });
  const wf = Wasmflow.open({ home, root: project });
  try {
    await wf.addTasks([join(folder, `${largeWordCount}.task.json`)]);
  } finally {
    await wf.close();
  }
}
