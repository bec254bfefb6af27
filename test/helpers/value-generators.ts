// Generators of declared value types and of values of them, for the property tests of the host's
// marshalling (test/values/codec) and of the guest SDK (test/guest-sdk).
import fc from "fast-check";
import { type RecordField, resultCases, type ValueType, type VariantCase } from "../../runtime/values/index.js";

const primitive: fc.Arbitrary<ValueType> = fc.constantFrom(
  ...(["bool", "s32", "u32", "s64", "u64", "f32", "f64", "char", "string", "bytes"] as const).map((kind) => ({
    kind,
  })),
);

/** WIT labels: the names of enum and variant cases and of flags. */
const labelName = fc.stringMatching(/^[a-z][a-z0-9]{0,5}(?:-[a-z][a-z0-9]{0,3})?$/);
const labels = (max: number) => fc.uniqueArray(labelName, { minLength: 1, maxLength: max });

// Names a parser accepts, including ones every object inherits (toString…), which must still be read as own fields.
const fieldName = fc.oneof(
  fc.stringMatching(/^[a-z_][a-z0-9_]{0,7}$/),
  fc.constantFrom("toString", "valueOf", "hasOwnProperty", "__defineGetter__", "isPrototypeOf"),
);

/** Declared types of every kind, nested a few levels. */
export const valueTypes: fc.Arbitrary<ValueType> = fc.letrec<{
  type: ValueType;
  list: ValueType;
  option: ValueType;
  record: ValueType;
  tuple: ValueType;
  variant: ValueType;
  result: ValueType;
}>((tie) => ({
  type: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    primitive,
    labels(6).map((cases): ValueType => ({ kind: "enum", cases })),
    labels(6).map((flags): ValueType => ({ kind: "flags", flags })),
    tie("list"),
    tie("option"),
    tie("record"),
    tie("tuple"),
    tie("variant"),
    tie("result"),
  ),
  tuple: fc.array(tie("type"), { minLength: 1, maxLength: 4 }).map((elements) => ({ kind: "tuple", elements })),
  variant: labels(4).chain((names) =>
    fc.tuple(...names.map(() => fc.option(tie("type"), { nil: undefined }))).map((types) => ({
      kind: "variant",
      cases: names.map((name, i): VariantCase => (types[i] === undefined ? { name } : { name, type: types[i] })),
    })),
  ),
  result: fc.tuple(fc.option(tie("type"), { nil: undefined }), fc.option(tie("type"), { nil: undefined })).map(
    ([ok, err]): ValueType => ({
      kind: "result",
      ...(ok === undefined ? {} : { ok }),
      ...(err === undefined ? {} : { err }),
    }),
  ),
  list: tie("type").map((element) => ({ kind: "list", element })),
  option: tie("type").map((inner) => ({ kind: "option", inner })),
  record: fc
    .uniqueArray(fc.tuple(fieldName, tie("type")), { minLength: 1, maxLength: 5, selector: ([name]) => name })
    .map((entries) => ({ kind: "record", fields: entries.map(([name, type]): RecordField => ({ name, type })) })),
})).type;

const s64Min = -(2n ** 63n);
const s64Max = 2n ** 63n - 1n;
const u64Max = 2n ** 64n - 1n;

export interface ValueOptions {
  /**
   * The largest plain number given for a 64-bit integer: "safe" (2^53 − 1, what the host's encoder
   * takes) or "int32" (what a generic MessagePack encoder still writes as an integer; above that,
   * msgpackr writes a float).
   */
  readonly numbers64?: "safe" | "int32";
}

/** Valid values of `type` as a caller passes them: 64-bit as BigInt or plain numbers, options absent, null or set. */
export function valuesOf(type: ValueType, options: ValueOptions = {}): fc.Arbitrary<unknown> {
  const small = options.numbers64 === "int32";
  switch (type.kind) {
    case "bool":
      return fc.boolean();
    case "s32":
      return fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
    case "u32":
      return fc.integer({ min: 0, max: 2 ** 32 - 1 });
    case "s64":
      return fc.oneof(
        fc.bigInt({ min: s64Min, max: s64Max }),
        fc.constantFrom(s64Min, s64Max, -(2n ** 53n), 2n ** 53n, -1n),
        small ? fc.integer() : fc.maxSafeInteger(),
      );
    case "u64":
      return fc.oneof(
        fc.bigInt({ min: 0n, max: u64Max }),
        fc.constantFrom(u64Max, 2n ** 63n, 2n ** 53n),
        small ? fc.nat() : fc.maxSafeNat(),
      );
    case "f32":
      return fc.float();
    case "f64":
      return fc.double();
    case "string":
      return fc.oneof(
        fc.string({ unit: "grapheme", maxLength: 12 }),
        fc.string({ unit: "binary", maxLength: 80 }),
        fc.constantFrom(
          "",
          "\uFEFFbom",
          "héllo wörld",
          "👩‍👩‍👧‍👦🎉",
          "日本語テキスト",
          "a".repeat(300),
          "é".repeat(200),
        ),
      );
    case "bytes":
      return fc.uint8Array({ maxLength: 40 });
    case "list":
      return fc.array(valuesOf(type.element, options), { maxLength: 4 });
    case "option":
      return fc.option(valuesOf(type.inner, options), { nil: null });
    case "record": {
      const fields = Object.fromEntries(type.fields.map((f) => [f.name, valuesOf(f.type, options)]));
      const requiredKeys = type.fields.filter((f) => f.type.kind !== "option").map((f) => f.name);
      return fc.record(fields, { requiredKeys });
    }
    case "char":
      return fc.oneof(
        fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
        fc.constantFrom("a", "\0", "é", "😀", "\u{10FFFF}", "\uFFFF"),
      );
    case "tuple":
      return fc.tuple(...type.elements.map((element) => valuesOf(element, options)));
    case "enum":
      return fc.constantFrom(...type.cases);
    case "flags":
      return fc.record(Object.fromEntries(type.flags.map((flag) => [flag, fc.boolean()])), { requiredKeys: [] });
    case "variant":
      return casesOf(type.cases, options);
    case "result":
      return casesOf(resultCases(type), options);
  }
}

function casesOf(cases: readonly VariantCase[], options: ValueOptions): fc.Arbitrary<unknown> {
  return fc.oneof(
    ...cases.map((c) =>
      c.type === undefined
        ? fc.constant({ tag: c.name })
        : valuesOf(c.type, options).map((val) => ({ tag: c.name, val })),
    ),
  );
}

/** A type together with values of it. */
export const typedValues: fc.Arbitrary<{ type: ValueType; value: unknown }> = valueTypes.chain((type) =>
  valuesOf(type).map((value) => ({ type, value })),
);

/**
 * The one form two sides of a comparison share: 64-bit integers as BigInt, bytes as a plain
 * Uint8Array, every declared field present with null for an absent option, plain objects.
 */
export function canonical(type: ValueType, value: unknown, options: { zero?: boolean } = {}): unknown {
  switch (type.kind) {
    case "s64":
    case "u64":
      return BigInt(value as number | bigint);
    case "f32":
    case "f64":
      return options.zero === true && Object.is(value, -0) ? 0 : value;
    case "bytes":
      return Uint8Array.from(value as Uint8Array);
    case "list":
      return (value as unknown[]).map((item) => canonical(type.element, item, options));
    case "option":
      return value === null || value === undefined ? null : canonical(type.inner, value, options);
    case "record": {
      const record = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const field of type.fields) {
        const item = Object.hasOwn(record, field.name) ? record[field.name] : undefined;
        Object.defineProperty(out, field.name, {
          value: canonical(field.type, item, options),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    case "tuple":
      return type.elements.map((element, i) => canonical(element, (value as unknown[])[i], options));
    case "flags": {
      const flags = value as Record<string, boolean | undefined>;
      return Object.fromEntries(type.flags.map((flag) => [flag, Object.hasOwn(flags, flag) && flags[flag] === true]));
    }
    case "variant":
    case "result": {
      const { tag, val } = value as { tag: string; val?: unknown };
      const cases = type.kind === "variant" ? type.cases : resultCases(type);
      const payload = cases.find((c) => c.name === tag)?.type;
      return payload === undefined ? { tag } : { tag, val: canonical(payload, val, options) };
    }
    default:
      return value;
  }
}
