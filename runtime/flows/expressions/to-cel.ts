import { Optional } from "@marcbachmann/cel-js";
import { UnsignedInt } from "@marcbachmann/cel-js/evaluator";
import { formatValueType, integerRanges, type PrimitiveKind } from "../../values/index.js";
import type { CelShape } from "./cel-shape.js";
import { describeValue } from "./describe.js";

/** A value that does not have its declared type; reported as a run-time error of the expression. */
export class ShapeMismatch {
  constructor(
    readonly path: string,
    readonly expected: string,
    readonly actual: string,
  ) {}
}

const intRanges: Partial<Record<PrimitiveKind, readonly [bigint, bigint]>> = integerRanges;

/**
 * Our value (numbers or BigInt for integers, Uint8Array, plain objects, null for an absent option)
 * in the library's model: integers as BigInt (`uint` as UnsignedInt), options as Optional, records
 * as instances of their registered class holding only declared fields read as own properties.
 * A declared field or step that is absent stays absent, so that only reading it fails; an absent
 * option field is none. Chars and enums stay strings, tuples become lists, flags an instance with
 * every flag (an absent one false), a variant or result an instance with `tag` and, for a case that
 * carries a value, `val` (absent for a case that carries none).
 */
export function toCel(shape: CelShape, value: unknown, path: string): unknown {
  switch (shape.kind) {
    case "scalar":
      return scalarToCel(shape.type.kind, value, path);
    case "list":
      if (!Array.isArray(value)) throw new ShapeMismatch(path, shape.type.kind, describeValue(value));
      return value.map((item, i) => toCel(shape.element, item, `${path}[${i}]`));
    case "tuple": {
      if (!Array.isArray(value) || value.length !== shape.elements.length) {
        throw new ShapeMismatch(path, formatValueType(shape.type), describeValue(value));
      }
      return shape.elements.map((element, i) => toCel(element, value[i], `${path}[${i}]`));
    }
    case "enum":
      if (typeof value === "string" && shape.type.cases.includes(value)) return value;
      throw new ShapeMismatch(path, formatValueType(shape.type), describeValue(value));
    case "flags": {
      const object = objectAt(value, path, "flags");
      const flags = new shape.record();
      for (const flag of shape.type.flags) {
        const set = Object.hasOwn(object, flag) ? object[flag] : undefined;
        if (set !== undefined && typeof set !== "boolean") {
          throw new ShapeMismatch(`${path}.${flag}`, "bool", describeValue(set));
        }
        flags[flag] = set === true;
      }
      return flags;
    }
    case "variant": {
      const object = objectAt(value, path, shape.type.kind);
      const tag = Object.hasOwn(object, "tag") ? object.tag : undefined;
      const found = shape.cases.find((c) => c.name === tag);
      if (found === undefined) {
        const names = shape.cases.map((c) => c.name).join(", ");
        throw new ShapeMismatch(`${path}.tag`, `one of ${names}`, describeValue(tag));
      }
      const variant = new shape.record();
      variant.tag = found.name;
      const val = Object.hasOwn(object, "val") ? object.val : undefined;
      // A case's value that is absent stays absent (reading it fails), unless it is an option: none.
      if (found.payload !== undefined && (val !== undefined || found.payload.kind === "option")) {
        variant.val = toCel(found.payload, val, `${path}.val`);
      }
      return variant;
    }
    case "option":
      return value === null || value === undefined ? Optional.none() : Optional.of(toCel(shape.inner, value, path));
    case "record": {
      const object = objectAt(value, path, "record");
      const record = new shape.record();
      for (const [name, field] of shape.fields) {
        const item = Object.hasOwn(object, name) ? object[name] : undefined;
        // An absent option is none; any other absent field stays absent and fails only when read.
        if (item !== undefined || field.kind === "option") record[name] = toCel(field, item, `${path}.${name}`);
      }
      return record;
    }
  }
}

function objectAt(value: unknown, path: string, expected: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value) || ArrayBuffer.isView(value)) {
    throw new ShapeMismatch(path, expected, describeValue(value));
  }
  return value as Record<string, unknown>;
}

function scalarToCel(kind: PrimitiveKind, value: unknown, path: string): unknown {
  switch (kind) {
    case "bool":
      if (typeof value === "boolean") return value;
      break;
    case "string":
      if (typeof value === "string") return value;
      break;
    case "char":
      if (isChar(value)) return value;
      break;
    case "bytes":
      if (value instanceof Uint8Array) return value;
      break;
    case "f32":
    case "f64":
      if (typeof value === "number") return value;
      break;
    default: {
      const range = intRanges[kind];
      const int = typeof value === "bigint" ? value : Number.isSafeInteger(value) ? BigInt(value as number) : undefined;
      if (range !== undefined && int !== undefined && int >= range[0] && int <= range[1]) {
        return kind === "u64" ? new UnsignedInt(int) : int;
      }
    }
  }
  throw new ShapeMismatch(path, kind, describeValue(value));
}

/** One Unicode scalar value: one code point, and not a surrogate. */
function isChar(value: unknown): value is string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2) return false;
  const code = value.codePointAt(0) as number;
  return String.fromCodePoint(code) === value && (code < 0xd800 || code > 0xdfff);
}
