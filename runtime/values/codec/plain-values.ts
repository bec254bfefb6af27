import { TaskRunError } from "../../errors/index.js";
import { maxSafeBigInt } from "../integer-ranges.js";
import type { RecordType, ValueType } from "../value-type.js";
import { describeValue, isBytes, isF32, isInt64, isPlainObject, isS32, isU32, isUtf8String } from "./accept.js";
import { hasUnknownKey } from "./input-encoder.js";
import { collectIssues, IssueList } from "./input-issues.js";
import { invalidInputError } from "./invalid-input.js";
import { indexPath } from "./paths.js";
import { BOOL, BYTES, F32, F64, LIST, S32, S64, STRING, type TypeNode, typeNodeOf, U32, U64 } from "./type-node.js";

const bad = { reason: "bad" } as const;
const maxSafe = maxSafeBigInt;

/**
 * The arguments of a `plain` export, in declared field order, from an input record: s32, u32 and
 * bool as numbers (bool as 0 or 1), s64 and u64 as BigInt (an i64 parameter takes a BigInt; u64
 * values past 2^63-1 are passed as their two's-complement bits), f32 and f64 as numbers, strings
 * and bytes as they are, for the AssemblyScript loader to copy in. `maxBytes` bounds what would
 * be copied into guest memory (strings count two bytes per UTF-16 unit).
 */
export function plainArgs(inputType: RecordType, value: unknown, maxBytes = Number.POSITIVE_INFINITY): unknown[] {
  const node = typeNodeOf(inputType);
  const args: unknown[] = [];
  let size = 0;
  if (isPlainObject(value) && !hasUnknownKey(node, value)) {
    for (const field of node.fields) {
      const arg = Object.hasOwn(value, field.name) ? toArg(field.type, value[field.name]) : bad;
      if (arg === bad) break;
      args.push(arg);
      size += guestSize(arg);
    }
  }
  if (args.length !== node.fields.length) {
    const list = new IssueList();
    collectIssues(node, value, "input", list);
    if (list.issues.length === 0) list.add("UNSUPPORTED", "input", "a type a plain export can take", "another type");
    throw invalidInputError(list);
  }
  if (size > maxBytes) {
    throw new TaskRunError(
      "INPUT_TOO_LARGE",
      `input takes ${size} bytes of guest memory, over the limit of ${maxBytes}`,
      {
        size,
        limit: maxBytes,
      },
    );
  }
  return args;
}

function toArg(node: TypeNode, value: unknown): unknown {
  switch (node.tag) {
    case BOOL:
      return typeof value === "boolean" ? (value ? 1 : 0) : bad;
    case S32:
      return isS32(value) ? value : bad;
    case U32:
      return isU32(value) ? value : bad;
    case S64:
    case U64:
      return isInt64(value, node.tag === U64) ? BigInt.asIntN(64, BigInt(value)) : bad;
    case F32:
      return isF32(value) ? value : bad;
    case F64:
      return typeof value === "number" ? value : bad;
    case STRING:
      return isUtf8String(value) ? value : bad;
    case BYTES:
      return isBytes(value) ? value : bad;
    case LIST: {
      if (!Array.isArray(value)) return bad;
      const items = value.map((item) => toArg(node.child as TypeNode, item));
      return items.includes(bad) ? bad : items;
    }
    default:
      return bad;
  }
}

function guestSize(arg: unknown): number {
  if (typeof arg === "string") return arg.length * 2;
  if (arg instanceof Uint8Array) return arg.length;
  if (Array.isArray(arg)) return arg.length * 8;
  return 0;
}

/**
 * The declared output from a `plain` export's raw result: an i32 read back as u32 (`>>> 0`) or
 * bool (non-zero), an i64 BigInt as s64 or u64 (as a number when it is a safe integer), strings
 * checked to be well-formed, bytes copied out of guest memory.
 */
export function plainResult(type: ValueType, raw: unknown): unknown {
  return fromRaw(typeNodeOf(type), raw, "output");
}

function fromRaw(node: TypeNode, raw: unknown, path: string): unknown {
  switch (node.tag) {
    case BOOL:
      if (typeof raw === "boolean") return raw;
      if (typeof raw === "number") return raw !== 0;
      break;
    case S32:
      if (typeof raw === "number" && Number.isInteger(raw)) return raw | 0;
      break;
    case U32:
      if (typeof raw === "number" && Number.isInteger(raw)) return raw >>> 0;
      break;
    case S64:
    case U64:
      if (typeof raw === "bigint" || (typeof raw === "number" && Number.isSafeInteger(raw))) {
        const bits = BigInt(raw);
        const value = node.tag === U64 ? BigInt.asUintN(64, bits) : BigInt.asIntN(64, bits);
        return value >= -maxSafe && value <= maxSafe ? Number(value) : value;
      }
      break;
    case F32:
    case F64:
      if (typeof raw === "number") return raw;
      break;
    case STRING:
      if (isUtf8String(raw)) return raw;
      if (typeof raw === "string") return invalidOutput(node, "a string with a lone surrogate", path);
      break;
    case BYTES:
      if (raw instanceof Uint8Array) return raw.slice();
      break;
    case LIST:
      if (Array.isArray(raw) || ArrayBuffer.isView(raw)) {
        return Array.from(raw as ArrayLike<unknown>, (item, i) =>
          fromRaw(node.child as TypeNode, item, indexPath(path, i)),
        );
      }
      break;
    default:
      break;
  }
  return invalidOutput(node, describeValue(raw), path);
}

function invalidOutput(node: TypeNode, actual: string, path: string): never {
  throw new TaskRunError("OUTPUT_INVALID", `${path}: expected ${node.expected}, got ${actual}`, {
    path,
    expected: node.expected,
    actual,
  });
}
