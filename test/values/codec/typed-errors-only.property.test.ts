import fc from "fast-check";
import { expect, test } from "vitest";
import { TaskRunError } from "../../../runtime/errors/index.js";
import { compileValueCodec } from "../../../runtime/values/index.js";
import { typedValues, valueTypes } from "../../helpers/value-generators.js";

const limit = 1 << 20;

function onlyTaskRunErrors(run: () => unknown, code: string): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(TaskRunError);
    expect((error as TaskRunError).code).toBe(code);
  }
}

test("random bytes decode to a value or an OUTPUT_INVALID error, never anything else", () => {
  fc.assert(
    fc.property(valueTypes, fc.uint8Array({ maxLength: 64 }), (type, bytes) => {
      onlyTaskRunErrors(() => compileValueCodec(type).decodeOutput(bytes, limit), "OUTPUT_INVALID");
    }),
    { numRuns: 3000 },
  );
});

test("valid encodings with bytes changed, cut or added decode to a value or an OUTPUT_INVALID error", () => {
  const edits = fc.array(
    fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom("set", "cut", "insert")),
    {
      minLength: 1,
      maxLength: 4,
    },
  );
  fc.assert(
    fc.property(typedValues, edits, ({ type, value }, changes) => {
      const codec = compileValueCodec(type);
      let bytes = Array.from(codec.encodeInput(value, limit));
      for (const [at, byte, kind] of changes) {
        const i = at % (bytes.length + 1);
        if (kind === "set") bytes[i] = byte;
        else if (kind === "cut") bytes = bytes.slice(0, i);
        else bytes.splice(i, 0, byte);
      }
      onlyTaskRunErrors(() => codec.decodeOutput(Uint8Array.from(bytes), limit), "OUTPUT_INVALID");
    }),
    { numRuns: 3000 },
  );
});

test("any JavaScript value encodes or fails with INPUT_INVALID listing at least one issue", () => {
  fc.assert(
    fc.property(
      valueTypes,
      fc.anything({ withBigInt: true, withTypedArray: true, withNullPrototype: true, withMap: true }),
      (type, value) => {
        try {
          compileValueCodec(type).encodeInput(value, limit);
        } catch (error) {
          expect(error).toBeInstanceOf(TaskRunError);
          expect((error as TaskRunError).code).toBe("INPUT_INVALID");
          expect((error as TaskRunError).issues).not.toHaveLength(0);
        }
      },
    ),
    { numRuns: 3000 },
  );
});
