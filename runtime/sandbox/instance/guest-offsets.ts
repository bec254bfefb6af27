import { sourceMapCaps } from "../../source-maps/index.js";
import { InputAllocationError } from "./classify-error.js";

const wasmScript = "wasm://";

/**
 * Byte offsets in the module of the guest's frames on what a failed call threw, innermost first:
 * what the host maps to the task's lines. For a trap, V8 recorded the stack on the
 * `RuntimeError`; for an abort, on the error the `env.abort` import raised.
 *
 * Read through V8's structured stack rather than the text: a wasm frame's column is its byte
 * offset + 1, and nothing the guest chose (its function names) is formatted or parsed. Runs only
 * after a call failed; `Error.prepareStackTrace` is swapped for the one read and put back.
 *
 * @returns undefined when there are none, or the stack was already read as text.
 */
export function guestOffsets(thrown: unknown): number[] | undefined {
  const error = thrown instanceof InputAllocationError ? thrown.cause : thrown;
  if (!(error instanceof Error)) return undefined;
  const previous = Error.prepareStackTrace;
  let stack: unknown;
  Error.prepareStackTrace = (_error, sites) => offsetsOf(sites);
  try {
    stack = error.stack;
  } catch {
    return undefined;
  } finally {
    Error.prepareStackTrace = previous;
  }
  return Array.isArray(stack) && stack.length > 0 ? (stack as number[]) : undefined;
}

function offsetsOf(sites: readonly NodeJS.CallSite[]): number[] {
  const offsets: number[] = [];
  for (const site of sites) {
    if (offsets.length === sourceMapCaps.maxFrames) break;
    if (site.getFileName()?.startsWith(wasmScript) !== true) continue;
    const column = site.getColumnNumber();
    if (column !== null && column > 0) offsets.push(column - 1);
  }
  return offsets;
}
