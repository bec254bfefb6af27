import fc from "fast-check";
import { expect, test } from "vitest";
import { compileValueCodec, resultCases, type ValueType } from "../../../runtime/values/index.js";
import { canonical, typedValues } from "../../helpers/value-generators.js";
import { onWire, reference, wireCanonical } from "./wire.js";

const limit = 1 << 24;

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

// msgpackr as an independent reader and writer of MessagePack: it knows nothing of our types, so
// the comparison is with the wire form the sdk ABI defines (a variant as [index, payload]…).
test("msgpackr reads our encoding as the wire form of the same value", () => {
  fc.assert(
    fc.property(typedValues, ({ type, value }) => {
      const codec = compileValueCodec(type);
      const decoded = reference.unpack(codec.encodeInput(value, limit));
      expect(wireCanonical(type, decoded)).toEqual(onWire(type, value));
    }),
    { numRuns: 2000 },
  );
});

test("we read msgpackr's encoding of the wire form as the same value", () => {
  fc.assert(
    fc.property(typedValues, ({ type, value }) => {
      const codec = compileValueCodec(type);
      // msgpackr writes 64-bit numbers past 2^32 as floats, so it is handed BigInts; it writes -0 as the int 0.
      const packed = reference.pack(onWire(type, value));
      expect(canonical(type, codec.decodeOutput(packed, limit), { zero: true })).toEqual(
        canonical(type, value, { zero: true }),
      );
    }),
    { numRuns: 2000 },
  );
});

test("decoded records, variants and flags are plain objects with exactly their declared keys", () => {
  fc.assert(
    fc.property(typedValues, ({ type, value }) => {
      const codec = compileValueCodec(type);
      expect(keysBeyondDeclared(type, codec.decodeOutput(codec.encodeInput(value, limit), limit))).toEqual([]);
    }),
    { numRuns: 1000 },
  );
});

/** Every object in a decoded value whose prototype or own keys are not those its type declares. */
function keysBeyondDeclared(type: ValueType, value: unknown, path = "output"): string[] {
  const objectKeys = (declared: readonly string[]) => {
    const object = value as object;
    const plain = Object.getPrototypeOf(object) === Object.prototype;
    const keys = Reflect.ownKeys(object).map(String);
    return plain && keys.join() === declared.join()
      ? []
      : [`${path}: ${keys.join()} on ${plain ? "a plain" : "another"} prototype`];
  };
  switch (type.kind) {
    case "list":
      return (value as unknown[]).flatMap((item, i) => keysBeyondDeclared(type.element, item, `${path}[${i}]`));
    case "option":
      return value === null ? [] : keysBeyondDeclared(type.inner, value, path);
    case "tuple":
      return type.elements.flatMap((element, i) =>
        keysBeyondDeclared(element, (value as unknown[])[i], `${path}[${i}]`),
      );
    case "record":
      return [
        ...objectKeys(type.fields.map((field) => field.name)),
        ...type.fields.flatMap((field) =>
          keysBeyondDeclared(field.type, (value as Record<string, unknown>)[field.name], `${path}.${field.name}`),
        ),
      ];
    case "flags":
      return objectKeys(type.flags);
    case "variant":
    case "result": {
      const { tag, val } = value as { tag: string; val?: unknown };
      const cases = type.kind === "variant" ? type.cases : resultCases(type);
      const payload = cases.find((c) => c.name === tag)?.type;
      if (payload === undefined) return objectKeys(["tag"]);
      return [...objectKeys(["tag", "val"]), ...keysBeyondDeclared(payload, val, `${path}.val`)];
    }
    default:
      return [];
  }
}
