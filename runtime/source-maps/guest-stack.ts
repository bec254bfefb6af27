import { sourceMapCaps } from "./limits.js";
import type { GuestSourceMap } from "./read-source-map.js";
import { scanMappings } from "./scan-mappings.js";

/** A place in a guest's source: a path as the compiler named it, line and column from 1. */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** One frame of the guest's stack in the task's own code. */
export interface GuestFrame extends SourcePosition {
  /**
   * The library frames this frame had called into when the guest failed, innermost first: the
   * standard library, the guest SDK, generated glue. Absent when it failed in its own code.
   */
  readonly library?: readonly SourcePosition[];
}

export interface GuestStack {
  /** The innermost frame in the task's own code; absent when every frame is library code. */
  readonly source?: SourcePosition;
  /**
   * Innermost first. Library frames are folded into the task frame that called them; those
   * outside the outermost task frame (the generated entry that called the task) stay frames of
   * their own, as do all of them when no frame is the task's.
   */
  readonly frames: readonly GuestFrame[];
}

/**
 * The guest's stack in source terms: each wasm frame's byte offset mapped through the module's
 * source map, frames the map places nowhere left out.
 *
 * @param offsets byte offsets in the module of the guest's frames, innermost first.
 * @param innermost where the innermost frame stands when that is known without the map: an
 *   abort names the place it was called from (the map places the call itself nowhere).
 * @returns undefined when no frame could be placed, or the map is malformed.
 */
export function guestStack(
  map: GuestSourceMap,
  offsets: readonly number[],
  innermost?: SourcePosition,
): GuestStack | undefined {
  const kept = offsets.slice(0, sourceMapCaps.maxFrames);
  const mapped = scanMappings(map.mappings, kept, map.sources.length);
  if (mapped === undefined) return undefined;
  const placed: { position: SourcePosition; library: boolean }[] = [];
  mapped.forEach((found, i) => {
    if (i === 0 && innermost !== undefined) {
      placed.push({ position: innermost, library: isLibrary(map, innermost.file) });
    } else if (found !== undefined) {
      const file = map.sources[found.source] as string;
      placed.push({
        position: { file, line: found.line + 1, column: found.column + 1 },
        library: map.library[found.source] === true,
      });
    }
  });
  if (placed.length === 0) return undefined;

  const frames: GuestFrame[] = [];
  let source: SourcePosition | undefined;
  let pending: SourcePosition[] = [];
  for (const { position, library } of placed) {
    if (library) {
      pending.push(position);
      continue;
    }
    source ??= position;
    frames.push(pending.length === 0 ? position : { ...position, library: pending });
    pending = [];
  }
  frames.push(...pending);
  return source === undefined ? { frames } : { source, frames };
}

/** An abort names its file as the compiler did: look it up among the map's sources. */
function isLibrary(map: GuestSourceMap, file: string): boolean {
  const index = map.sources.indexOf(file);
  return index < 0 ? file.startsWith("~lib/") : map.library[index] === true;
}

/** `tasks/x/index.ts:3:10`. */
export function formatPosition(position: SourcePosition): string {
  return `${position.file}:${position.line}:${position.column}`;
}
