import { Packr } from "msgpackr";
import { resultCases, type ValueType } from "../../../runtime/values/index.js";
import { canonical } from "../../helpers/value-generators.js";

/** msgpackr as the tests' independent MessagePack writer: plain maps, BigInt for 64-bit integers. */
export const reference = new Packr({ useRecords: false, mapsAsObjects: true, int64AsType: "bigint" });

/** msgpackr's richer mode, which writes RegExp, Error and Set as extension values. */
export const extensions = new Packr({ useRecords: false, moreTypes: true });

/** The MessagePack bytes of one value, written by msgpackr. */
export function packed(value: unknown): number[] {
  return [...reference.pack(value)];
}

/** A map built entry by entry, so keys can repeat or be of any type. */
export function map(entries: readonly (readonly [readonly number[], readonly number[]])[]): Uint8Array {
  if (entries.length > 15) throw new Error("fixmap only");
  return Uint8Array.from([0x80 | entries.length, ...entries.flatMap(([key, value]) => [...key, ...value])]);
}

export function bytes(...parts: (number | ArrayLike<number>)[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((part) => (typeof part === "number" ? [part] : Array.from(part))));
}

/**
 * The value as the sdk ABI's MessagePack carries it, in the tests' one comparable form: a char as
 * its code point, an enum as its case index, flags as a bitmask, a variant or result as [index]
 * or [index, payload]; everything else as `canonical` has it.
 */
export function onWire(type: ValueType, value: unknown): unknown {
  switch (type.kind) {
    case "list":
      return (value as unknown[]).map((item) => onWire(type.element, item));
    case "option":
      return value === null || value === undefined ? null : onWire(type.inner, value);
    case "record": {
      const record = value as Record<string, unknown>;
      return plainObject(
        type.fields.map((field) => [
          field.name,
          onWire(field.type, Object.hasOwn(record, field.name) ? record[field.name] : undefined),
        ]),
      );
    }
    case "tuple":
      return type.elements.map((element, i) => onWire(element, (value as unknown[])[i]));
    case "char":
      return (value as string).codePointAt(0);
    case "enum":
      return type.cases.indexOf(value as string);
    case "flags": {
      const flags = value as Record<string, unknown>;
      return type.flags.reduce(
        (bits, flag, i) => (Object.hasOwn(flags, flag) && flags[flag] === true ? bits + 2 ** i : bits),
        0,
      );
    }
    case "variant":
    case "result": {
      const { tag, val } = value as { tag: string; val?: unknown };
      const cases = type.kind === "variant" ? type.cases : resultCases(type);
      const index = cases.findIndex((c) => c.name === tag);
      const payload = cases[index]?.type;
      return payload === undefined ? [index] : [index, onWire(payload, val)];
    }
    default:
      return canonical(type, value);
  }
}

/** What a generic MessagePack decoder gives for a value of `type`, in the form `onWire` returns. */
export function wireCanonical(type: ValueType, decoded: unknown): unknown {
  switch (type.kind) {
    case "list":
      return (decoded as unknown[]).map((item) => wireCanonical(type.element, item));
    case "option":
      return decoded === null || decoded === undefined ? null : wireCanonical(type.inner, decoded);
    case "record": {
      const record = decoded as Record<string, unknown>;
      return plainObject(
        type.fields.map((field) => [
          field.name,
          wireCanonical(field.type, Object.hasOwn(record, field.name) ? record[field.name] : undefined),
        ]),
      );
    }
    case "tuple":
      return type.elements.map((element, i) => wireCanonical(element, (decoded as unknown[])[i]));
    case "variant":
    case "result": {
      const [index, payload] = decoded as [number, unknown];
      const cases = type.kind === "variant" ? type.cases : resultCases(type);
      const payloadType = cases[index]?.type;
      return payloadType === undefined ? [index] : [index, wireCanonical(payloadType, payload)];
    }
    case "char":
    case "enum":
    case "flags":
      return decoded;
    default:
      return canonical(type, decoded);
  }
}

// Own properties even for names every object inherits (toString…), as a decoder builds them.
function plainObject(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of entries) {
    Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
