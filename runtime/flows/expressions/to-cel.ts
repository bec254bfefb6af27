import { Optional } from "@marcbachmann/cel-js";
import { UnsignedInt } from "@marcbachmann/cel-js/evaluator";
import { integerRanges, type PrimitiveKind } from "../../values/index.js";
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
 * option field is none.
 */
export function toCel(shape: CelShape, value: unknown, path: string): unknown {
  switch (shape.kind) {
    case "scalar":
      return scalarToCel(shape.type.kind, value, path);
    case "list":
      if (!Array.isArray(value)) throw new ShapeMismatch(path, shape.type.kind, describeValue(value));
      return value.map((item, i) => toCel(shape.element, item, `${path}[${i}]`));
    case "option":
      return value === null || value === undefined ? Optional.none() : Optional.of(toCel(shape.inner, value, path));
    case "record": {
      if (typeof value !== "object" || value === null || Array.isArray(value) || ArrayBuffer.isView(value)) {
        throw new ShapeMismatch(path, "record", describeValue(value));
      }
      const record = new shape.record();
      for (const [name, field] of shape.fields) {
        const item = Object.hasOwn(value, name) ? (value as Record<string, unknown>)[name] : undefined;
        // An absent option is none; any other absent field stays absent and fails only when read.
        if (item !== undefined || field.kind === "option") record[name] = toCel(field, item, `${path}.${name}`);
      }
      return record;
    }
  }
}

function scalarToCel(kind: PrimitiveKind, value: unknown, path: string): unknown {
  switch (kind) {
    case "bool":
      if (typeof value === "boolean") return value;
      break;
    case "string":
      if (typeof value === "string") return value;
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
