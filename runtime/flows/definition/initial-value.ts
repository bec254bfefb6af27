import { type Issue, TaskRunError } from "../../errors/index.js";
import { compileValueCodec } from "../../sandbox/index.js";
import type { ValueType } from "../../values/index.js";

/**
 * Checks a flow's `initial` input against its declared input type exactly as a run's input is
 * checked (the JSON conventions of `ValueCodec.fromJson`: 64-bit integers as numbers or decimal
 * strings, bytes as base64, every problem with its path), so a default input that could never
 * start a run is refused when the flow is loaded.
 */
export function checkInitialValue(initial: unknown, type: ValueType): Issue[] {
  try {
    compileValueCodec(type).fromJson(initial);
    return [];
  } catch (error) {
    if (!(error instanceof TaskRunError)) throw error;
    if (error.issues.length === 0) return [{ code: error.code, path: "initial", message: error.message }];
    return error.issues.map((issue) => ({ ...issue, path: `initial${issue.path.slice("input".length)}` }));
  }
}
