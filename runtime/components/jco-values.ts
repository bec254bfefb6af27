import { maxSafeBigInt, resultCases, type ValueType, type VariantCase } from "../values/index.js";
import { camelOf, jcoFieldKey } from "./component-names.js";

/*
 * Values cross between wasmflow's JavaScript shape (the library API's) and the shape jco's
 * bindings take and give:
 * - record fields and flags under jco's camelCase keys (`word_count` → `wordCount`, flag
 *   `can-read` → `canRead`); enum and variant labels stay as they are;
 * - s64/u64 as BigInt for jco (it wraps numbers silently), ours as a number when it is safe and a
 *   BigInt past 2^53;
 * - option<T> as `undefined` or the value, unless T is itself an option written that way: then
 *   `{ tag: "none" }` or `{ tag: "some", val }`, since `undefined` would be ambiguous
 *   (`option<option<u32>>`: `{ tag: "some", val: undefined }` is some(none));
 * - a result as `{ tag: "ok" | "err", val }` — a function's own result, though, jco returns as the
 *   ok value and throws for an err: the runner builds the `{ tag, val }` before converting;
 * - bytes as a Uint8Array; lists of numbers may come back as typed arrays.
 * Values given to `toJcoValue` are taken as already checked against the type.
 */

/** Whether jco writes values of `type` with `undefined` for none: an option whose inner type is not so written. */
function noneIsUndefined(type: ValueType): boolean {
  return type.kind === "option" && !noneIsUndefined(type.inner);
}

/** A value of our shape as jco's bindings take it. */
export function toJcoValue(type: ValueType, value: unknown): unknown {
  switch (type.kind) {
    case "s64":
    case "u64":
      return typeof value === "bigint" ? value : BigInt(value as number);
    case "list":
      return (value as readonly unknown[]).map((item) => toJcoValue(type.element, item));
    case "tuple":
      return type.elements.map((element, i) => toJcoValue(element, (value as readonly unknown[])[i]));
    case "option": {
      const none = value === null || value === undefined;
      if (noneIsUndefined(type.inner))
        return none ? { tag: "none" } : { tag: "some", val: toJcoValue(type.inner, value) };
      return none ? undefined : toJcoValue(type.inner, value);
    }
    case "record": {
      const record = value as Readonly<Record<string, unknown>>;
      const out: Record<string, unknown> = {};
      for (const field of type.fields) {
        out[jcoFieldKey(field.name)] = toJcoValue(
          field.type,
          Object.hasOwn(record, field.name) ? record[field.name] : undefined,
        );
      }
      return out;
    }
    case "flags": {
      const flags = value as Readonly<Record<string, unknown>>;
      const out: Record<string, boolean> = {};
      for (const flag of type.flags) out[camelOf(flag)] = Object.hasOwn(flags, flag) && flags[flag] === true;
      return out;
    }
    case "variant":
      return caseToJco(type.cases, value);
    case "result":
      return caseToJco(resultCases(type), value);
    default:
      // bool, s32, u32, f32, f64, char, string, bytes and enum cases are the same on both sides.
      return value;
  }
}

function caseToJco(cases: readonly VariantCase[], value: unknown): unknown {
  const { tag, val } = value as { readonly tag: string; readonly val?: unknown };
  const payload = cases.find((c) => c.name === tag)?.type;
  return payload === undefined ? { tag } : { tag, val: toJcoValue(payload, val) };
}

/**
 * A value jco's bindings gave, in our shape: plain objects with only the declared keys, every
 * record field and flag present, none as `null`, a case without payload as `{ tag }`.
 */
export function fromJcoValue(type: ValueType, value: unknown): unknown {
  switch (type.kind) {
    case "s64":
    case "u64": {
      if (typeof value !== "bigint") return value;
      return value >= -maxSafeBigInt && value <= maxSafeBigInt ? Number(value) : value;
    }
    case "bytes":
      return value instanceof Uint8Array && Object.getPrototypeOf(value) === Uint8Array.prototype
        ? value
        : Uint8Array.from(value as ArrayLike<number>);
    case "list":
      return Array.from(value as ArrayLike<unknown>, (item) => fromJcoValue(type.element, item));
    case "tuple":
      return type.elements.map((element, i) => fromJcoValue(element, (value as readonly unknown[])[i]));
    case "option": {
      if (noneIsUndefined(type.inner)) {
        const tagged = value as { readonly tag?: unknown; readonly val?: unknown } | undefined;
        return tagged?.tag === "some" ? fromJcoValue(type.inner, tagged.val) : null;
      }
      return value === undefined || value === null ? null : fromJcoValue(type.inner, value);
    }
    case "record": {
      const record = value as Readonly<Record<string, unknown>>;
      const out: Record<string, unknown> = {};
      for (const field of type.fields) {
        const key = jcoFieldKey(field.name);
        // Defined, not assigned: a field's name never reaches the prototype, whatever it is.
        Object.defineProperty(out, field.name, {
          value: fromJcoValue(field.type, Object.hasOwn(record, key) ? record[key] : undefined),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    case "flags": {
      const flags = value as Readonly<Record<string, unknown>>;
      const out: Record<string, boolean> = {};
      for (const flag of type.flags) {
        const key = camelOf(flag);
        out[flag] = Object.hasOwn(flags, key) && flags[key] === true;
      }
      return out;
    }
    case "variant":
      return caseFromJco(type.cases, value);
    case "result":
      return caseFromJco(resultCases(type), value);
    default:
      return value;
  }
}

function caseFromJco(cases: readonly VariantCase[], value: unknown): unknown {
  const { tag, val } = value as { readonly tag: string; readonly val?: unknown };
  const payload = cases.find((c) => c.name === tag)?.type;
  return payload === undefined ? { tag } : { tag, val: fromJcoValue(payload, val) };
}
