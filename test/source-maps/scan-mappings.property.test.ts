import { decode, encode, type SourceMapSegment } from "@jridgewell/sourcemap-codec";
import fc from "fast-check";
import { expect, test } from "vitest";
import { type MappedPosition, scanMappings } from "../../runtime/source-maps/index.js";

// The scan is checked against a published codec: the codec decodes every segment, and the
// expected answer is found among them the slow, obvious way.

const sourceCount = 5;
const segment: fc.Arbitrary<SourceMapSegment> = fc.oneof(
  fc.tuple(fc.nat({ max: 100_000 })),
  fc.tuple(
    fc.nat({ max: 100_000 }),
    fc.nat({ max: sourceCount - 1 }),
    fc.nat({ max: 2 ** 29 - 1 }),
    fc.nat({ max: 5_000 }),
  ),
  fc.tuple(
    fc.nat({ max: 100_000 }),
    fc.nat({ max: sourceCount - 1 }),
    fc.nat({ max: 40 }),
    fc.nat({ max: 2 ** 29 - 1 }),
    fc.nat(9),
  ),
);

/** The segment with the greatest generated column at or before `offset`, the later one on a tie. */
function expected(segments: readonly SourceMapSegment[], offset: number): MappedPosition | undefined {
  let best: SourceMapSegment | undefined;
  for (const s of segments) if (s[0] <= offset && (best === undefined || s[0] >= best[0])) best = s;
  if (best === undefined || best.length === 1) return undefined;
  return { source: best[1], line: best[2], column: best[3] };
}

test("every offset maps as a full decode of the mappings says, in sorted and unsorted maps", () => {
  fc.assert(
    fc.property(
      fc.array(segment, { maxLength: 60 }),
      fc.boolean(),
      fc.array(fc.nat({ max: 110_000 }), { maxLength: 12 }),
      (segments, sorted, offsets) => {
        const line = sorted ? [...segments].sort((a, b) => a[0] - b[0]) : segments;
        const mappings = encode([line]);
        const decoded = decode(mappings)[0] ?? [];
        expect(scanMappings(mappings, offsets, sourceCount)).toEqual(offsets.map((o) => expected(decoded, o)));
      },
    ),
    { numRuns: 500 },
  );
});

test("only the first line counts: WebAssembly maps keep every offset on it", () => {
  const mappings = encode([[[10, 0, 3, 4]], [[0, 1, 7, 7]]]);
  expect(scanMappings(mappings, [5, 20], 2)).toEqual([undefined, { source: 0, line: 3, column: 4 }]);
});

test("empty mappings and offsets before the first segment map nowhere", () => {
  expect(scanMappings("", [0, 100], 1)).toEqual([undefined, undefined]);
  expect(scanMappings(encode([[[50, 0, 1, 1]]]), [49], 1)).toEqual([undefined]);
});

test.each([
  ["a character outside base64", "AA!A"],
  ["a character past ASCII", "AAéA"],
  ["a segment of two fields", "AA"],
  ["a segment of three fields", "AAA"],
  ["a segment of six fields", "AAAAAA"],
  ["a value of seven digits", "gggggggA"],
  [
    "a position the deltas take past 2^29",
    encode([
      [
        [0, 0, 2 ** 29 - 1, 0],
        [0, 0, 2 ** 29, 0],
      ],
    ]),
  ],
  ["a value cut short", "AAAg"],
  ["a negative generated column", "D"],
  ["a negative line", "ACDA"],
  ["a source index past the sources", "AEAA"],
  ["a negative source index", "ADAA"],
])("%s makes the mappings malformed", (_name, mappings) => {
  expect(scanMappings(mappings, [0, 10], 2)).toBeUndefined();
});
