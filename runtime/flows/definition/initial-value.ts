import type { Issue } from "../../errors/index.js";
import { fromJson, type ValueType } from "../../values/index.js";

/**
 * Checks a flow's `initial` input against its declared input type exactly as a run's input is
 * checked (the JSON conventions of `ValueCodec.fromJson`: 64-bit integers as numbers or decimal
 * strings, bytes as base64, every problem with its path), so a default input that could never
 * start a run is refused when the flow is loaded.
 */
export function checkInitialValue(initial: unknown, type: ValueType): Issue[] {
  const converted = fromJson(type, initial, "initial");
  return "issues" in converted ? [...converted.issues] : [];
}
