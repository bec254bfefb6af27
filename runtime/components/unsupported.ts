import type { Issue } from "../errors/index.js";
import { formatWitType, type WitType } from "../wasm/index.js";

/**
 * Why a WIT type, at its outermost level, has no wasmflow value type; undefined when it has
 * one (its parts may still not). `list<u8>` is our `bytes`; small integers elsewhere, handles,
 * async types and fixed-length lists have nothing to map onto.
 */
export function unsupportedReason(type: WitType): string | undefined {
  switch (type.kind) {
    case "s8":
    case "u8":
    case "s16":
    case "u16":
      return `${type.kind} has no wasmflow type (only list<u8>, as bytes): use s32 or u32`;
    case "error-context":
      return "error-context (of the async ABI) has no wasmflow type";
    case "own":
    case "borrow":
      return `a resource handle, ${formatWitType(type)}, cannot cross into a task's input or output`;
    case "stream":
    case "future":
      return `${type.kind}s (of the async ABI) are not supported`;
    case "list":
      return type.length === undefined
        ? undefined
        : `a fixed-length list, ${formatWitType(type)}, has no wasmflow type`;
    default:
      return undefined;
  }
}

export function unsupportedIssue(path: string, type: WitType, why: string): Issue {
  return { code: "COMPONENT_TYPE_UNSUPPORTED", path, actual: formatWitType(type), message: why };
}
