import { readdir } from "node:fs/promises";
import { join } from "node:path";

/** Where a project keeps its tasks: `tasks/<folder>/<anything>.task.json`. */
export const taskDefinitionSuffix = ".task.json";

/** Lists the task definition files of a project, sorted, so builds and registrations are deterministic. */
export async function findTaskDefinitionFiles(root: string, tasksDir = "tasks"): Promise<string[]> {
  const base = join(root, tasksDir);
  let folders: string[];
  try {
    folders = (await readdir(base, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const folder of folders.sort()) {
    const entries = await readdir(join(base, folder), { withFileTypes: true });
    for (const entry of entries) {
      if (entry.isFile() && entry.name.endsWith(taskDefinitionSuffix)) files.push(join(base, folder, entry.name));
    }
  }
  return files.sort();
}
