import {
  formatPosition,
  type GuestSourceMap,
  type GuestStack,
  guestStack,
  readSourceMap,
  type SourcePosition,
  sourceMapSection,
} from "../source-maps/index.js";
import type { HostModule } from "./module-cache.js";
import type { SerializedRunError } from "./protocol.js";

/** Source maps kept after a failure, by module hash: a task that fails once often fails again. */
const maxMaps = 8;

/**
 * Puts the task's lines on failed calls. The worker sends a trap's or abort's guest frames as
 * byte offsets in the module; here, on the host and only when a call has failed, they are mapped
 * through the module's source map — calls that succeed never touch one. A module without a map,
 * or with one that is malformed or over its caps, fails exactly as it did before maps existed.
 */
export class GuestLocations {
  private readonly maps = new Map<string, GuestSourceMap | null>();

  /**
   * The error with `details.frames` (the guest's stack in source terms) and, when a frame is the
   * task's own, `details.source` and that place in the message; `error` itself when nothing maps.
   */
  locate(error: SerializedRunError, module: HostModule): SerializedRunError {
    if (error.offsets === undefined || !module.sourceMap) return error;
    // The worker ran the module as compiled; the map speaks of the stored bytes.
    const shift = module.codeOffsetShift;
    const offsets = shift === 0 ? error.offsets : error.offsets.map((offset) => offset - shift);
    const map = this.mapOf(module);
    if (map === undefined) return error;
    const details = error.details ?? {};
    const abortedAt = error.code === "GUEST_ABORT" ? abortPosition(details) : undefined;
    const stack = guestStack(map, offsets, abortedAt);
    // The abort's own place and nothing more (an optimized build inlines the callers away): the
    // error says that already.
    if (stack === undefined || (stack.source === undefined && stack.frames.length === 1 && abortedAt !== undefined)) {
      return error;
    }
    return {
      code: error.code,
      message: messageOf(error, stack),
      details: { ...details, ...(stack.source === undefined ? {} : { source: stack.source }), frames: stack.frames },
    };
  }

  private mapOf(module: HostModule): GuestSourceMap | undefined {
    const { hash, module: compiled } = module.ref;
    let map = this.maps.get(hash);
    if (map === undefined) {
      const sections = compiled === undefined ? [] : WebAssembly.Module.customSections(compiled, sourceMapSection);
      const section = sections.length === 1 ? sections[0] : undefined;
      map = section === undefined ? null : (readSourceMap(new Uint8Array(section)) ?? null);
      if (this.maps.size >= maxMaps) {
        const oldest = this.maps.keys().next().value;
        if (oldest !== undefined) this.maps.delete(oldest);
      }
    } else {
      // Moves it to the back of the eviction order.
      this.maps.delete(hash);
    }
    this.maps.set(hash, map);
    return map ?? undefined;
  }
}

/** Where an abort says it was called from, when it says so. */
function abortPosition(details: Readonly<Record<string, unknown>>): SourcePosition | undefined {
  const { file, line, column } = details;
  if (typeof file !== "string" || file === "" || !isPositive(line) || !isPositive(column)) return undefined;
  return { file, line, column };
}

function isPositive(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) > 0;
}

/**
 * `abort: Index out of range at tasks/x/index.ts:3:10 (~lib/array.ts:114:42)`: the task's line
 * first, then the library's place it failed in, if it failed in one. Unchanged without a task line.
 */
function messageOf(error: SerializedRunError, stack: GuestStack): string {
  if (stack.source === undefined) return error.message;
  const library = stack.frames[0]?.library?.[0];
  const where = `${formatPosition(stack.source)}${library === undefined ? "" : ` (${formatPosition(library)})`}`;
  if (error.code === "GUEST_ABORT") return `abort: ${String(error.details?.message)} at ${where}`;
  return `${error.message} at ${where}`;
}
