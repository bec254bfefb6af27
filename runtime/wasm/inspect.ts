import { ModuleParseError, UsageError } from "../errors/index.js";
import { diagnoseInvalidModule } from "./diagnose.js";
import { parseModule } from "./parse-module.js";
import type { ModuleInfo } from "./types.js";

/** Options of {@link inspectModule}. */
export interface InspectOptions {
  /**
   * Modules larger than this many bytes are refused before anything is decoded.
   * @default 67108864 (64 MiB)
   */
  readonly maxModuleBytes?: number;
}

/** Defaults of {@link InspectOptions}. */
export const inspectDefaults = { maxModuleBytes: 64 * 1024 * 1024 } as const satisfies Required<InspectOptions>;

/**
 * Reads what registration needs from a module's bytes — imports, exports with their core types,
 * memories, tables, start function, custom sections — without compiling or running it.
 *
 * The engine validates the bytes first, so nothing it would reject is ever accepted here.
 *
 * @throws ModuleParseError (code `MODULE_MALFORMED`) for any bytes that are not a valid module,
 *   saying what is wrong when that can be told: empty file, wrong magic, wrong version, truncation.
 * @throws UsageError when `bytes` is not a Uint8Array or an option is out of range.
 * @example
 * const info = inspectModule(await readFile("task.wasm"));
 * const run = findExport(info, "run", "func");
 * if (run) console.log(formatSignature(run.type)); // "(i32, i32) -> i32"
 */
export function inspectModule(bytes: Uint8Array, options: InspectOptions = {}): ModuleInfo {
  if (Object.prototype.toString.call(bytes) !== "[object Uint8Array]") {
    throw new UsageError("bytes must be a Uint8Array");
  }
  const maxModuleBytes = options.maxModuleBytes ?? inspectDefaults.maxModuleBytes;
  if (!Number.isSafeInteger(maxModuleBytes) || maxModuleBytes <= 0) {
    throw new UsageError("options.maxModuleBytes must be a positive integer");
  }
  if (bytes.length > maxModuleBytes) {
    throw new ModuleParseError(`module is ${bytes.length} bytes, more than the maximum of ${maxModuleBytes}`, {
      size: bytes.length,
    });
  }
  if (!validate(bytes)) {
    const { message, offset } = diagnoseInvalidModule(bytes);
    const details = offset === undefined ? { size: bytes.length } : { offset, size: bytes.length };
    throw new ModuleParseError(message, details);
  }
  return parseModule(bytes);
}

function validate(bytes: Uint8Array): boolean {
  try {
    // The engine reads views of any buffer; the DOM typings only admit ArrayBuffer-backed ones.
    return WebAssembly.validate(bytes as Uint8Array<ArrayBuffer>);
  } catch (error) {
    // Only bytes the engine cannot read at all (a detached buffer) get here.
    throw new ModuleParseError("the module bytes cannot be read", { size: bytes.length }, error);
  }
}
