import fc from "fast-check";
import { expect, test } from "vitest";
import { TaskRunError } from "../../../runtime/errors/index.js";
import { checkValue, compileValueCodec } from "../../../runtime/values/index.js";
import { valueTypes } from "../../helpers/value-generators.js";
import { nearValuesOf } from "./near-values.js";

// The fast encoder and the issue collector each decide what is valid; they must decide alike,
// or a refused input would be reported with no issue (UNSTABLE) and an accepted one flagged.

const limit = 1 << 24;
const typedNearValues = valueTypes.chain((type) => nearValuesOf(type).map((value) => ({ type, value })));

test("encodeInput accepts exactly the values checkValue finds no issue with, and reports the same issues", () => {
  fc.assert(
    fc.property(typedNearValues, ({ type, value }) => {
      const issues = checkValue(type, value);
      let refused: TaskRunError | undefined;
      try {
        compileValueCodec(type).encodeInput(value, limit);
      } catch (error) {
        if (!(error instanceof TaskRunError)) throw error;
        refused = error;
      }
      expect(refused?.issues ?? []).toEqual(issues);
      expect(issues.map((issue) => issue.code)).not.toContain("UNSTABLE");
    }),
    { numRuns: 3000 },
  );
});

test("the size reported for an input over the limit is the size of its encoding", () => {
  fc.assert(
    fc.property(typedNearValues, ({ type, value }) => {
      const codec = compileValueCodec(type);
      let size: number;
      try {
        size = codec.encodeInput(value, limit).length;
      } catch {
        return;
      }
      expect(() => codec.encodeInput(value, size - 1)).toThrow(
        expect.objectContaining({ code: "INPUT_TOO_LARGE", details: { size, limit: size - 1 } }),
      );
    }),
    { numRuns: 2000 },
  );
});
