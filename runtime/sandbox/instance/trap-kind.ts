import type { TrapKind } from "../../errors/index.js";

/**
 * V8's trap messages, most specific first. V8 words them differently across versions and has one
 * message for both a null table entry and a signature mismatch, so matching is by fragment.
 */
const fragments: ReadonlyArray<readonly [string, TrapKind]> = [
  ["divide result unrepresentable", "integer_overflow"],
  ["integer overflow", "integer_overflow"],
  ["divide by zero", "integer_divide_by_zero"],
  ["remainder by zero", "integer_divide_by_zero"],
  ["float unrepresentable", "invalid_conversion"],
  ["invalid conversion", "invalid_conversion"],
  ["memory access out of bounds", "out_of_bounds_memory"],
  ["data segment", "out_of_bounds_memory"],
  ["table index is out of bounds", "out_of_bounds_table"],
  ["table access out of bounds", "out_of_bounds_table"],
  ["element segment", "out_of_bounds_table"],
  ["signature mismatch", "indirect_call_signature_mismatch"],
  ["null function", "indirect_call_signature_mismatch"],
  ["null pointer", "null_reference"],
  ["null reference", "null_reference"],
  ["unreachable", "unreachable"],
];

/** The kind of a `WebAssembly.RuntimeError`, from its message. */
export function trapKindOf(message: string): TrapKind {
  const text = message.toLowerCase();
  for (const [fragment, kind] of fragments) if (text.includes(fragment)) return kind;
  return "unknown";
}
