import { encode, type SourceMapSegment } from "@jridgewell/sourcemap-codec";
import { expect, test } from "vitest";
import { type GuestSourceMap, guestStack } from "../../runtime/source-maps/index.js";

const sources = ["~lib/array.ts", "tasks/x/index.ts", "tasks/x/index.entry.gen.ts", "guest-sdk/reader.ts"];
const library = [true, false, true, true];

/** A map placing offset 100·n + k (k < 100) at the n-th place below; 1000 and up maps nowhere. */
function mapOf(places: readonly [source: number, line: number, column: number][]): GuestSourceMap {
  const segments: SourceMapSegment[] = places.map(([s, l, c], n) => [n * 100, s, l - 1, c - 1]);
  segments.push([places.length * 100]);
  return { sources, library, mappings: encode([segments]) };
}

const map = mapOf([
  [0, 114, 42], // 0: ~lib/array.ts
  [3, 20, 5], // 100: the SDK's reader
  [1, 3, 10], // 200: the task
  [1, 9, 3], // 300: the task
  [2, 13, 18], // 400: the generated entry
]);
const at = (file: string, line: number, column: number) => ({ file, line, column });

test("library frames fold under the task frame that called them; the entry below the task stays a frame", () => {
  expect(guestStack(map, [5, 105, 205, 305, 405])).toEqual({
    source: at("tasks/x/index.ts", 3, 10),
    frames: [
      { ...at("tasks/x/index.ts", 3, 10), library: [at("~lib/array.ts", 114, 42), at("guest-sdk/reader.ts", 20, 5)] },
      at("tasks/x/index.ts", 9, 3),
      at("tasks/x/index.entry.gen.ts", 13, 18),
    ],
  });
});

test("an abort's own place stands for the innermost frame, and counts as the library's when it is", () => {
  expect(guestStack(map, [9999, 205], at("~lib/string.ts", 7, 1))).toEqual({
    source: at("tasks/x/index.ts", 3, 10),
    frames: [{ ...at("tasks/x/index.ts", 3, 10), library: [at("~lib/string.ts", 7, 1)] }],
  });
  expect(guestStack(map, [9999, 305], at("tasks/x/index.ts", 4, 2))).toEqual({
    source: at("tasks/x/index.ts", 4, 2),
    frames: [at("tasks/x/index.ts", 4, 2), at("tasks/x/index.ts", 9, 3)],
  });
});

test("frames the map places nowhere are left out; with no task frame there is no source", () => {
  expect(guestStack(map, [1500, 205])).toEqual({
    source: at("tasks/x/index.ts", 3, 10),
    frames: [at("tasks/x/index.ts", 3, 10)],
  });
  expect(guestStack(map, [5, 405])).toEqual({
    frames: [at("~lib/array.ts", 114, 42), at("tasks/x/index.entry.gen.ts", 13, 18)],
  });
  expect(guestStack(map, [1500, 2000])).toBeUndefined();
  expect(guestStack(map, [])).toBeUndefined();
});

test("malformed mappings place nothing", () => {
  expect(guestStack({ sources, library, mappings: "!!" }, [5], at("tasks/x/index.ts", 1, 1))).toBeUndefined();
});

test("at most 32 frames are mapped", () => {
  const deep = Array.from({ length: 100 }, () => 305);
  expect(guestStack(map, deep)?.frames).toHaveLength(32);
});
