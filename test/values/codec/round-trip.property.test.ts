import fc from "fast-check";
import { Packr } from "msgpackr";
import { expect, test } from "vitest";
import { compileValueCodec } from "../../../runtime/values/index.js";
import { canonical, typedValues } from "../../helpers/value-generators.js";

const limit = 1 << 24;
// msgpackr as a reference decoder/encoder: plain maps, 64-bit integers as BigInt.
const reference = new Packr({ useRecords: false, mapsAsObjects: true, int64AsType: "bigint" });

test("decoding what was encoded gives back the value, for generated types and values", () => {
  fc.assert(
    fc.property(typedValues, ({ type, value }) => {
      const codec = compileValueCodec(type);
      const decoded = codec.decodeOutput(codec.encodeInput(value, limit), limit);
      expect(canonical(type, decoded)).toEqual(canonical(type, value));
    }),
    { numRuns: 2000 },
  );
});

test("msgpackr reads our encoding as the same value", () => {
  fc.assert(
    fc.property(typedValues, ({ type, value }) => {
      const codec = compileValueCodec(type);
      const decoded = reference.unpack(codec.encodeInput(value, limit));
      expect(canonical(type, decoded)).toEqual(canonical(type, value));
    }),
    { numRuns: 2000 },
  );
});

test("we read msgpackr's encoding as the same value", () => {
  fc.assert(
    fc.property(typedValues, ({ type, value }) => {
      const codec = compileValueCodec(type);
      // msgpackr writes 64-bit numbers past 2^32 as floats, so it is handed BigInts; it writes -0 as the int 0.
      const packed = reference.pack(canonical(type, value));
      expect(canonical(type, codec.decodeOutput(packed, limit), { zero: true })).toEqual(
        canonical(type, value, { zero: true }),
      );
    }),
    { numRuns: 2000 },
  );
});
