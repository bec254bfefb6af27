import { resolve } from "node:path";

/** A position in one of the task's own files, as `display`ed: `tasks/x/index.js:3:7`. */
export type ShownPosition = string;

// Base64 digit of each ASCII character, -1 for the others.
const digits = new Int8Array(128).fill(-1);
for (const [i, c] of [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"].entries()) {
  digits[c.charCodeAt(0)] = i;
}

/**
 * Where `line:column` of the bundle (both from 1, as engines print them) came from, through the
 * bundle's source map: the last segment of that line at or before the column. Undefined when the
 * line maps nowhere or the map is malformed.
 */
export function originalPosition(
  sourceMap: string,
  line: number,
  column: number,
  root: string,
  display: (path: string) => string,
): ShownPosition | undefined {
  let map: { sources?: unknown; mappings?: unknown };
  try {
    map = JSON.parse(sourceMap) as typeof map;
  } catch {
    return undefined;
  }
  if (!Array.isArray(map.sources) || typeof map.mappings !== "string") return undefined;
  const lines = map.mappings.split(";");
  if (line < 1 || line > lines.length) return undefined;
  // Source, line and column are deltas across the whole map, so every earlier line is decoded too.
  const state = { source: 0, line: 0, column: 0 };
  let best: { source: number; line: number; column: number } | undefined;
  for (let index = 0; index < line; index++) {
    let generated = 0;
    for (const segment of (lines[index] ?? "").split(",")) {
      if (segment === "") continue;
      const fields = decodeSegment(segment);
      if (fields === undefined) return undefined;
      generated += fields[0] ?? 0;
      if (fields.length < 4) continue;
      state.source += fields[1] ?? 0;
      state.line += fields[2] ?? 0;
      state.column += fields[3] ?? 0;
      if (index === line - 1 && generated <= column - 1) best = { ...state };
    }
  }
  const source = best === undefined ? undefined : map.sources[best.source];
  if (best === undefined || typeof source !== "string") return undefined;
  return `${display(resolve(root, source))}:${best.line + 1}:${best.column + 1}`;
}

function decodeSegment(segment: string): number[] | undefined {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (let i = 0; i < segment.length; i++) {
    const digit = digits[segment.charCodeAt(i)] ?? -1;
    if (digit < 0 || shift > 30) return undefined;
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return shift === 0 ? values : undefined;
}
