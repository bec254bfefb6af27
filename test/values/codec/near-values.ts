import fc from "fast-check";
import { resultCases, type ValueType, type VariantCase } from "../../../runtime/values/index.js";
import { valuesOf } from "../../helpers/value-generators.js";

// Values close to a type's: mostly of the right shape, with a wrong part here and there (a missing
// key, an extra one, a tuple of another length, a case that is not declared, a wrong scalar), so
// that the checks meet every branch rather than failing at the root.

const odd = fc.constantFrom<unknown>(
  undefined,
  null,
  0,
  -1,
  1.5,
  2 ** 32,
  2n ** 64n,
  "",
  "ab",
  "\uD800",
  "😀",
  "a",
  true,
  [],
  {},
  { tag: "zz" },
  new Map(),
  new Uint8Array(1),
);
const strayKey = fc.constantFrom("zz", "tag", "val", "constructor", "toString", "__proto__");

export function nearValuesOf(type: ValueType): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 8, arbitrary: shaped(type) },
    { weight: 1, arbitrary: odd },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 2, withBigInt: true, withNullPrototype: true }) },
  );
}

function shaped(type: ValueType): fc.Arbitrary<unknown> {
  switch (type.kind) {
    case "list":
      return fc.array(nearValuesOf(type.element), { maxLength: 3 });
    case "option":
      return fc.oneof(fc.constantFrom(null, undefined), nearValuesOf(type.inner));
    case "record":
      return withStrayKey(
        fc.record(Object.fromEntries(type.fields.map((field) => [field.name, nearValuesOf(field.type)])), {
          requiredKeys: [],
        }),
      );
    case "tuple": {
      const [first] = type.elements;
      return fc.oneof(
        { weight: 4, arbitrary: fc.tuple(...type.elements.map(nearValuesOf)) },
        { weight: 1, arbitrary: fc.array(nearValuesOf(first as ValueType), { maxLength: type.elements.length + 1 }) },
      );
    }
    case "enum":
      return fc.oneof(
        fc.constantFrom(...type.cases),
        fc.constantFrom("zz", "constructor", "", type.cases[0]?.toUpperCase()),
      );
    case "flags":
      return fc.dictionary(fc.oneof(fc.constantFrom(...type.flags), strayKey), fc.oneof(fc.boolean(), odd), {
        maxKeys: type.flags.length + 1,
      });
    case "variant":
      return nearCases(type.cases);
    case "result":
      return nearCases(resultCases(type));
    default:
      return fc.oneof({ weight: 3, arbitrary: valuesOf(type) }, { weight: 1, arbitrary: odd });
  }
}

function nearCases(cases: readonly VariantCase[]): fc.Arbitrary<unknown> {
  return fc.constantFrom(...cases).chain((c) =>
    withStrayKey(
      fc.record(
        {
          tag: fc.oneof({ weight: 6, arbitrary: fc.constant(c.name) }, { weight: 1, arbitrary: odd }),
          val: c.type === undefined ? odd : nearValuesOf(c.type),
        },
        { requiredKeys: [] },
      ),
    ),
  );
}

function withStrayKey(objects: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Record<string, unknown>> {
  return fc.tuple(objects, fc.option(fc.tuple(strayKey, odd), { freq: 4 })).map(([object, stray]) => {
    if (stray === null) return object;
    const [key, value] = stray;
    return Object.defineProperty({ ...object }, key, { value, enumerable: true, writable: true, configurable: true });
  });
}
