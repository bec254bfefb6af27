import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { glob, isDynamicPattern } from "tinyglobby";
import { UsageError } from "../errors/index.js";

/** What a command's arguments name: definition files found on disk, and (where allowed) names. */
export interface DefinitionTargets {
  /** Absolute paths in the order the arguments gave them (a folder's or glob's sorted), without duplicates. */
  readonly files: readonly string[];
  /** Arguments that are neither a path nor a glob: task names. */
  readonly names: readonly string[];
}

/**
 * Resolves command arguments into definition files: a file is taken as it is, a folder is
 * searched (below it, `node_modules` left out) for files ending in `suffix`, a glob
 * (`tasks/**\/*.task.json`, quoted so the shell leaves it) is expanded from `cwd`. Anything else is
 * a name when `names` are allowed.
 * @throws UsageError (NO_DEFINITIONS issues) listing every folder or glob that matched no
 *   definition, and every argument that is no path when names are not allowed.
 */
export async function resolveDefinitionTargets(
  targets: readonly string[],
  options: { readonly cwd: string; readonly suffix: string; readonly names: boolean },
): Promise<DefinitionTargets> {
  const files = new Set<string>();
  const names: string[] = [];
  const empty: string[] = [];
  for (const target of targets) {
    if (isDynamicPattern(target)) {
      const found = await glob(target, {
        cwd: options.cwd,
        absolute: true,
        onlyFiles: true,
        ignore: ["**/node_modules/**"],
      });
      if (found.length === 0) empty.push(target);
      for (const file of found.sort()) files.add(resolve(file));
      continue;
    }
    const path = resolve(options.cwd, target);
    const kind = await stat(path).then(
      (s) => (s.isDirectory() ? "folder" : "file"),
      () => undefined,
    );
    if (kind === "file") files.add(path);
    else if (kind === "folder") {
      const found = await glob(`**/*${options.suffix}`, {
        cwd: path,
        absolute: true,
        onlyFiles: true,
        ignore: ["**/node_modules/**"],
      });
      if (found.length === 0) empty.push(target);
      for (const file of found.sort()) files.add(resolve(file));
    } else if (options.names) names.push(target);
    else empty.push(target);
  }
  if (empty.length > 0) {
    const list = empty.map((t) => `"${t}"`).join(", ");
    throw new UsageError(`no ${options.suffix} definitions found for ${list}`, {
      issues: empty.map((target) => ({
        code: "NO_DEFINITIONS" as const,
        path: target,
        message: `"${target}" names no file, and no ${options.suffix} file is in it or matches it`,
      })),
    });
  }
  return { files: [...files], names };
}
