import { FileNotRegularError, FileTooLargeError, ModuleParseError } from "./errors/index.js";
import { readBoundedFile } from "./files/index.js";
import { moduleCaps } from "./tasks/defaults.js";
import { inspectModule, type ModuleInfo } from "./wasm/index.js";

/**
 * Reads a .wasm file and inspects it. Anything but a regular file is a `FileNotRegularError`, a
 * file over the module size cap a `FileTooLargeError`, both before it is read.
 */
export async function inspectModuleFile(path: string): Promise<ModuleInfo> {
  let bytes: Buffer;
  try {
    bytes = await readBoundedFile(path, { maxBytes: moduleCaps.maxModuleBytes, what: "modules" });
  } catch (error) {
    if (error instanceof FileNotRegularError || error instanceof FileTooLargeError) throw error;
    throw new ModuleParseError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return inspectModule(new Uint8Array(bytes), { maxModuleBytes: moduleCaps.maxModuleBytes });
}
