import { realpath } from "node:fs/promises";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { ModulePathError } from "../errors/index.js";

/**
 * Resolves a definition's module path and proves it stays inside `root`, after following
 * symlinks, so a definition cannot make the registry read an arbitrary file.
 */
export async function resolveModulePath(definitionDir: string, modulePath: string, root: string): Promise<string> {
  const lexical = resolve(definitionDir, modulePath);
  const realRoot = await realpath(root).catch(() => resolve(root));
  if (!isInside(resolve(root), lexical) && !isInside(realRoot, lexical)) {
    throw new ModulePathError(`module path "${modulePath}" leaves the project root ${root}`, {
      module: modulePath,
      root,
    });
  }
  let real: string;
  try {
    real = await realpath(lexical);
  } catch {
    throw new ModulePathError(
      `module "${modulePath}" does not exist (resolved to ${lexical}); run \`wasmflow build\` first?`,
      {
        module: modulePath,
        root,
      },
    );
  }
  if (!isInside(realRoot, real)) {
    throw new ModulePathError(`module path "${modulePath}" resolves through a link outside the project root ${root}`, {
      module: modulePath,
      root,
    });
  }
  return real;
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
