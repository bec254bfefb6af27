import { readFile, stat } from "node:fs/promises";
import { ModuleParseError } from "./errors/index.js";
import { moduleCaps } from "./tasks/defaults.js";
import { inspectModule, type ModuleInfo } from "./wasm/index.js";

/** Reads a .wasm file (refusing anything over the module size cap before reading it) and inspects it. */
export async function inspectModuleFile(path: string): Promise<ModuleInfo> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    throw new ModuleParseError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (size > moduleCaps.maxModuleBytes) {
    throw new ModuleParseError(`${path} is ${size} bytes, more than the ${moduleCaps.maxModuleBytes}-byte module cap`, {
      size,
    });
  }
  return inspectModule(new Uint8Array(await readFile(path)), { maxModuleBytes: moduleCaps.maxModuleBytes });
}
