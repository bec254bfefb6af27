import { describeValue, isInt64, isPlainObject } from "./accept.js";
import { hasUnknownKey } from "./input-encoder.js";
import { collectIssues, type IssueList, tupleItems, variantCase } from "./input-issues.js";
import { fieldPath, indexPath } from "./paths.js";
import { BYTES, F32, F64, FLAGS, LIST, OPTION, RECORD, S64, TUPLE, type TypeNode, U64, VARIANT } from "./type-node.js";

const decimal = /^-?(?:0|[1-9][0-9]{0,19})$/;
/** Decoded with Buffer in Node, with `atob` where there is no Buffer (a browser). */
function bytesOfBase64(text: string): Uint8Array {
  if (typeof Buffer !== "undefined") return new Uint8Array(Buffer.from(text, "base64"));
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}

const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const floatWords: ReadonlyMap<unknown, number> = new Map([
  ["NaN", Number.NaN],
  ["Infinity", Number.POSITIVE_INFINITY],
  ["-Infinity", Number.NEGATIVE_INFINITY],
]);

/**
 * Converts a JSON value into the shape the encoder takes: 64-bit integers may be decimal strings
 * (JSON numbers lose precision past 2^53), bytes are base64 strings, floats may be "NaN",
 * "Infinity" or "-Infinity". Every other problem is reported too, all at once, with its path
 * from `path`; the value is only usable when `list` is still empty.
 */
export function convertJson(node: TypeNode, value: unknown, path: string, list: IssueList): unknown {
  switch (node.tag) {
    case S64:
    case U64:
      if (typeof value === "string") return integerText(node, value, path, list);
      if (typeof value === "number" && Number.isInteger(value) && !Number.isSafeInteger(value)) {
        const actual = `${value}, past Number.MAX_SAFE_INTEGER (write it as a decimal string)`;
        list.add("NOT_SAFE_INTEGER", path, node.expected, actual);
        return value;
      }
      break;
    case F32:
    case F64:
      if (floatWords.has(value)) return floatWords.get(value);
      break;
    case BYTES:
      return base64Bytes(value, path, list);
    case LIST:
      if (!Array.isArray(value)) break;
      return value.map((item, i) => convertJson(node.child as TypeNode, item, indexPath(path, i), list));
    case OPTION:
      return value === null || value === undefined ? null : convertJson(node.child as TypeNode, value, path, list);
    case RECORD:
      if (!isPlainObject(value)) break;
      return convertRecord(node, value, path, list);
    case TUPLE:
    case VARIANT:
      return convertMore(node, value, path, list);
    default:
      break;
  }
  // What needs no conversion is checked exactly as the encoder will check it.
  collectIssues(node, value, path, list);
  return value;
}

function convertRecord(node: TypeNode, value: Record<string, unknown>, path: string, list: IssueList): unknown {
  if (hasUnknownKey(node, value)) {
    for (const key of Object.keys(value)) {
      if (!node.fieldIndex.has(key))
        list.add("UNKNOWN_FIELD", fieldPath(path, key), "no such field", "a value", "unknown field");
    }
  }
  const record: Record<string, unknown> = {};
  for (const field of node.fields) {
    const item = Object.hasOwn(value, field.name) ? value[field.name] : undefined;
    const at = fieldPath(path, field.name);
    if (item === undefined && !field.optional) {
      list.add("MISSING_FIELD", at, field.type.expected, "nothing", "missing required field");
    }
    record[field.name] = item === undefined ? null : convertJson(field.type, item, at, list);
  }
  return record;
}

// This and `convertMore` are apart so that `convertJson` stays under V8's limit for inlining
// (460 bytes of bytecode) into the record and list loops: JSON input of the common kinds is
// converted as fast as before the kinds `convertMore` handles were added.
function base64Bytes(value: unknown, path: string, list: IssueList): unknown {
  if (typeof value === "string" && base64.test(value)) return bytesOfBase64(value);
  const actual = typeof value === "string" ? "a string that is not base64" : describeValue(value);
  list.add("WRONG_TYPE", path, "bytes as a base64 string", actual);
  return value;
}

function convertMore(node: TypeNode, value: unknown, path: string, list: IssueList): unknown {
  if (node.tag === VARIANT) return convertCase(node, value, path, list);
  if (!tupleItems(node, value, path, list)) return value;
  return node.children.map((item, i) => convertJson(item as TypeNode, value[i], indexPath(path, i), list));
}

// The object is rebuilt with its two keys: an option payload left out comes back as val: null.
function convertCase(node: TypeNode, value: unknown, path: string, list: IssueList): unknown {
  const index = variantCase(node, value, path, list);
  if (index < 0) return value;
  const tag = node.names[index];
  const payload = node.children[index];
  if (!payload) return { tag };
  const val = (value as { val?: unknown }).val;
  return { tag, val: val === undefined ? null : convertJson(payload, val, fieldPath(path, "val"), list) };
}

function integerText(node: TypeNode, text: string, path: string, list: IssueList): unknown {
  if (!decimal.test(text)) {
    list.add(
      "WRONG_TYPE",
      path,
      `${node.expected} (a number or a decimal string)`,
      "a string that is not a decimal integer",
    );
    return text;
  }
  const value = BigInt(text);
  if (!isInt64(value, node.tag === U64)) {
    list.add("OUT_OF_RANGE", path, node.expected, `${text} (out of range)`);
    return text;
  }
  return value >= -BigInt(Number.MAX_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

/**
 * Converts a decoded output into plain JSON data: BigInt to a decimal string, bytes to base64,
 * non-finite floats to "NaN"/"Infinity"/"-Infinity"; `fromJson` reads each of them back.
 */
export function toJson(node: TypeNode, value: unknown): unknown {
  switch (node.tag) {
    case S64:
    case U64:
      return typeof value === "bigint" ? value.toString() : value;
    case F32:
    case F64:
      return typeof value === "number" && !Number.isFinite(value) ? String(value) : value;
    case BYTES:
      return value instanceof Uint8Array
        ? Buffer.from(value.buffer, value.byteOffset, value.length).toString("base64")
        : value;
    case LIST:
      return Array.isArray(value) ? value.map((item) => toJson(node.child as TypeNode, item)) : value;
    case OPTION:
      return value === null || value === undefined ? null : toJson(node.child as TypeNode, value);
    case RECORD: {
      if (!isPlainObject(value)) return value;
      const record: Record<string, unknown> = {};
      for (const field of node.fields) {
        const item = Object.hasOwn(value, field.name) ? value[field.name] : undefined;
        record[field.name] = item === undefined ? null : toJson(field.type, item);
      }
      return record;
    }
    case TUPLE:
    case VARIANT:
    case FLAGS:
      return moreToJson(node, value);
    default:
      return value;
  }
}

function moreToJson(node: TypeNode, value: unknown): unknown {
  if (node.tag === FLAGS) {
    // Every flag, set or not, and no other key.
    return isPlainObject(value) ? node.build(node.valuesOf(value).map((flag) => flag === true)) : value;
  }
  if (node.tag === TUPLE) {
    if (!Array.isArray(value)) return value;
    return value.map((item, i) => {
      const element = node.children[i];
      return element ? toJson(element, item) : item;
    });
  }
  const tag = isPlainObject(value) ? value.tag : undefined;
  const index = typeof tag === "string" ? node.caseIndex.get(tag) : undefined;
  if (index === undefined) return value;
  const payload = node.children[index];
  if (!payload) return { tag };
  const val = (value as { val?: unknown }).val;
  return { tag, val: val === undefined ? null : toJson(payload, val) };
}
