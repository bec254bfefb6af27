import type { CoreValueType, FuncSignature } from "./types.js";

function formatTypes(types: readonly CoreValueType[]): string {
  return `(${types.join(", ")})`;
}

/**
 * Formats a core signature the way error messages print it.
 * @example
 * formatSignature({ params: ["i32", "i32"], results: ["i64"] }); // "(i32, i32) -> i64"
 * formatSignature({ params: [], results: [] }); // "() -> ()"
 * formatSignature({ params: [], results: ["f32", "f64"] }); // "() -> (f32, f64)"
 */
export function formatSignature(signature: FuncSignature): string {
  const { params, results } = signature;
  const result = results.length === 1 ? (results[0] as CoreValueType) : formatTypes(results);
  return `${formatTypes(params)} -> ${result}`;
}

function typesEqual(a: readonly CoreValueType[], b: readonly CoreValueType[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether two signatures have the same parameter and result types, in order. */
export function signaturesEqual(a: FuncSignature, b: FuncSignature): boolean {
  return typesEqual(a.params, b.params) && typesEqual(a.results, b.results);
}
