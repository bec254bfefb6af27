import type { Reader } from "../reader.js";
import { checkScopeDepth, readAlias, readExternDesc, readExternName } from "./read-extern.js";
import {
  type DecodedCase,
  type DecodedField,
  type DecodedFunction,
  type DecodedValueType,
  Scope,
  type TypeEntry,
  type ValueRef,
} from "./scope.js";
import type { WitPrimitive } from "./types.js";

const primitiveBytes: Readonly<Record<number, WitPrimitive>> = {
  127: "bool",
  126: "s8",
  125: "u8",
  124: "s16",
  123: "u16",
  122: "s32",
  121: "u32",
  120: "s64",
  119: "u64",
  118: "f32",
  117: "f64",
  116: "char",
  115: "string",
  100: "error-context",
};

function peek(r: Reader, what: string): number {
  if (r.pos >= r.end) r.fail(`unexpected end of ${what}`);
  return r.bytes[r.pos] as number;
}

/** `valtype`: a primitive's byte, or an s33 index of an earlier type. */
export function readValueRef(r: Reader, scope: Scope): ValueRef {
  const primitive = primitiveBytes[peek(r, "value type")];
  if (primitive !== undefined) {
    r.pos += 1;
    return primitive;
  }
  const at = r.pos;
  const index = r.signed(33, "value type");
  const entry = index < 0 ? undefined : scope.types[index];
  if (entry === undefined) r.fail(`value type ${index} is neither a primitive nor a defined type`, at);
  return entry;
}

/** `T?`: 0x00 for absent, 0x01 then the thing. */
function readOptional<T>(r: Reader, what: string, read: () => T): T | undefined {
  const at = r.pos;
  const flag = r.u8(what);
  if (flag === 0x00) return undefined;
  if (flag === 0x01) return read();
  return r.fail(`${what}: expected 0x00 or 0x01, found 0x${flag.toString(16)}`, at);
}

/** A vector; every element takes at least `minBytes`, so the count is bounded by the bytes left. */
function readVector<T>(r: Reader, what: string, minBytes: number, read: () => T): T[] {
  const count = r.count(what, minBytes);
  const out: T[] = [];
  for (let i = 0; i < count; i++) out.push(read());
  return out;
}

function readFields(r: Reader, scope: Scope, what: string): DecodedField[] {
  return readVector(r, what, 2, () => ({ name: r.name(`${what} name`), type: readValueRef(r, scope) }));
}

/** One entry of a type section or type declaration: a new type in `scope`. */
export function readTypeDefinition(r: Reader, scope: Scope): TypeEntry {
  const at = r.pos;
  const byte = peek(r, "type");
  const primitive = primitiveBytes[byte];
  if (primitive !== undefined) {
    r.pos += 1;
    return { kind: "value", type: { kind: "primitive", type: primitive } };
  }
  r.pos += 1;
  switch (byte) {
    case 0x40:
    case 0x43:
      return { kind: "func", type: readFunctionType(r, scope, byte === 0x43) };
    case 0x41:
      return { kind: "component", scope: readDeclarations(r, scope, "component") };
    case 0x42:
      return { kind: "instance", scope: readDeclarations(r, scope, "instance") };
    case 0x3f:
    case 0x3e:
      readResourceType(r, byte === 0x3e);
      return { kind: "resource", name: undefined };
    default: {
      r.pos = at;
      return { kind: "value", type: readValueTypeDefinition(r, scope) };
    }
  }
}

function readFunctionType(r: Reader, scope: Scope, isAsync: boolean): DecodedFunction {
  const params = readFields(r, scope, "parameter");
  const at = r.pos;
  const kind = r.u8("result list");
  if (kind === 0x00) return { params, result: readValueRef(r, scope), async: isAsync };
  if (kind !== 0x01) r.fail(`unknown result list 0x${kind.toString(16)}`, at);
  // 0x01 then an empty vector: no result. Named results were dropped from the component model.
  const named = r.count("named results", 2);
  if (named !== 0) r.fail("named results are not supported", at);
  return { params, result: undefined, async: isAsync };
}

function readResourceType(r: Reader, isAsync: boolean): void {
  const at = r.pos;
  const rep = r.u8("resource representation");
  if (rep !== 0x7f) r.fail(`resource representation must be i32 (0x7f), found 0x${rep.toString(16)}`, at);
  if (isAsync) {
    r.u32("destructor index");
    readOptional(r, "callback", () => r.u32("callback index"));
  } else {
    readOptional(r, "destructor", () => r.u32("destructor index"));
  }
}

function readValueTypeDefinition(r: Reader, scope: Scope): DecodedValueType {
  const at = r.pos;
  const byte = r.u8("type");
  switch (byte) {
    case 0x72:
      return { kind: "record", fields: readFields(r, scope, "record field") };
    case 0x71:
      return { kind: "variant", cases: readVector(r, "variant case", 3, () => readCase(r, scope)) };
    case 0x70:
      return { kind: "list", element: readValueRef(r, scope), length: undefined };
    case 0x67: {
      const element = readValueRef(r, scope);
      return { kind: "list", element, length: r.u32("list length") };
    }
    case 0x6f:
      return { kind: "tuple", elements: readVector(r, "tuple element", 1, () => readValueRef(r, scope)) };
    case 0x6e:
      return { kind: "flags", names: readVector(r, "flag", 1, () => r.name("flag name")) };
    case 0x6d:
      return { kind: "enum", names: readVector(r, "enum case", 1, () => r.name("enum case name")) };
    case 0x6b:
      return { kind: "option", inner: readValueRef(r, scope) };
    case 0x6a: {
      const ok = readOptional(r, "result ok type", () => readValueRef(r, scope));
      const err = readOptional(r, "result error type", () => readValueRef(r, scope));
      return { kind: "result", ok, err };
    }
    case 0x69:
    case 0x68: {
      const at = r.pos;
      const index = r.u32("resource type index");
      const resource = scope.types[index];
      if (resource === undefined) r.fail(`resource type index ${index} is out of range`, at);
      return { kind: byte === 0x69 ? "own" : "borrow", resource };
    }
    case 0x66:
    case 0x65: {
      const element = readOptional(r, "element type", () => readValueRef(r, scope));
      return { kind: byte === 0x66 ? "stream" : "future", element };
    }
    default:
      return r.fail(`unknown type 0x${byte.toString(16)}`, at);
  }
}

function readCase(r: Reader, scope: Scope): DecodedCase {
  const name = r.name("variant case name");
  const type = readOptional(r, "case type", () => readValueRef(r, scope));
  // An older encoding's `refines` index: read and ignored.
  readOptional(r, "case refines", () => r.u32("refined case index"));
  return { name, type };
}

/**
 * The declarations of a component type (imports allowed) or an instance type: a scope of their
 * own, nested in `parent` (outer aliases count out from it).
 */
function readDeclarations(r: Reader, parent: Scope, what: "component" | "instance"): Scope {
  const scope = new Scope(parent, parent.depth + 1);
  checkScopeDepth(r, scope.depth);
  const count = r.count(`${what} type declaration`, 2);
  for (let i = 0; i < count; i++) {
    const at = r.pos;
    const kind = r.u8("declaration kind");
    if (kind === 0x01) {
      scope.types.push(readTypeDefinition(r, scope));
    } else if (kind === 0x02) {
      readAlias(r, scope);
    } else if (kind === 0x04 || (kind === 0x03 && what === "component")) {
      const name = readExternName(r);
      const extern = readExternDesc(r, scope, name);
      (kind === 0x03 ? scope.imports : scope.exports).push(extern);
    } else if (kind === 0x00) {
      r.fail(`core types inside a ${what} type are not supported`, at);
    } else {
      r.fail(`unknown ${what} type declaration 0x${kind.toString(16)}`, at);
    }
  }
  return scope;
}
