/** Where a segment of a source map points: indices as the map counts them, all from 0. */
export interface MappedPosition {
  readonly source: number;
  readonly line: number;
  readonly column: number;
}

// Base64 digit of each ASCII character, -1 for the others.
const digits = new Int8Array(128).fill(-1);
for (const [i, c] of [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"].entries()) {
  digits[c.charCodeAt(0)] = i;
}
const comma = 44;
const semicolon = 59;
/**
 * Six digits hold 30 bits, sign included: values below 2^29 either way, far past any offset in a
 * 16 MiB module or any line of a source file, and small enough for integer arithmetic. A longer
 * value is malformed, and so is a position the deltas add up to past that.
 */
const maxDigits = 6;
const maxValue = 2 ** 29 - 1;

/**
 * Maps byte offsets of a module through its source map's `mappings`: for each offset, the
 * segment with the greatest generated column at or before it, if that segment points somewhere
 * (a one-field segment marks code that maps to nothing). WebAssembly maps keep every segment on
 * the first line, with the byte offset as the column; anything after the first `;` is ignored.
 *
 * One pass over the string, keeping only the best segment for each offset: mapping a handful of
 * frames never builds the map's hundreds of thousands of segments. Segments may come in any order.
 *
 * @returns one entry per offset, or undefined when `mappings` is malformed: a character outside
 *   base64, a segment of 2, 3 or more than 5 fields, a value over 30 bits, a negative position or
 *   a source index outside `sourceCount`.
 */
export function scanMappings(
  mappings: string,
  offsets: readonly number[],
  sourceCount: number,
): (MappedPosition | undefined)[] | undefined {
  const count = offsets.length;
  const bestColumn = new Float64Array(count).fill(-1);
  const bestSource = new Int32Array(count).fill(-1);
  const bestLine = new Int32Array(count);
  const bestOriginalColumn = new Int32Array(count);
  const fields = [0, 0, 0, 0, 0];
  let generated = 0;
  let source = 0;
  let line = 0;
  let column = 0;
  let i = 0;
  const end = mappings.length;
  while (i < end) {
    const first = mappings.charCodeAt(i);
    if (first === semicolon) break;
    if (first === comma) {
      i++;
      continue;
    }
    let fieldCount = 0;
    while (i < end) {
      const c = mappings.charCodeAt(i);
      if (c === comma || c === semicolon) break;
      if (fieldCount === 5) return undefined;
      let value = 0;
      let shift = 0;
      let digit = 32;
      while ((digit & 32) !== 0) {
        if (shift === maxDigits * 5 || i >= end) return undefined;
        const code = mappings.charCodeAt(i++);
        digit = code < 128 ? (digits[code] as number) : -1;
        if (digit < 0) return undefined;
        value |= (digit & 31) << shift;
        shift += 5;
      }
      // The lowest bit is the sign.
      fields[fieldCount++] = (value & 1) === 1 ? -(value >>> 1) : value >>> 1;
    }
    if (fieldCount !== 1 && fieldCount !== 4 && fieldCount !== 5) return undefined;
    generated += fields[0] as number;
    if (generated < 0 || generated > maxValue) return undefined;
    const mapped = fieldCount >= 4;
    if (mapped) {
      source += fields[1] as number;
      line += fields[2] as number;
      column += fields[3] as number;
      if (source < 0 || source >= sourceCount || line < 0 || line > maxValue || column < 0 || column > maxValue) {
        return undefined;
      }
    }
    for (let k = 0; k < count; k++) {
      if (generated <= (offsets[k] as number) && generated >= (bestColumn[k] as number)) {
        bestColumn[k] = generated;
        bestSource[k] = mapped ? source : -1;
        bestLine[k] = line;
        bestOriginalColumn[k] = column;
      }
    }
  }
  const found: (MappedPosition | undefined)[] = [];
  for (let k = 0; k < count; k++) {
    const at = bestSource[k] as number;
    found.push(
      at < 0 ? undefined : { source: at, line: bestLine[k] as number, column: bestOriginalColumn[k] as number },
    );
  }
  return found;
}
