import type { ValueType } from "../values/index.js";
import type { WitFunction } from "../wasm/index.js";

/** What a component task declares: the function it runs and the types it takes and gives. */
export interface ComponentTaskSignature {
  /** `wasmflow:task/run@0.1.0#run` (an interface's function) or `run` (the world's own). */
  readonly export: string;
  readonly inputType: ValueType;
  readonly outputType: ValueType;
}

/**
 * How the input becomes the function's arguments: the whole input as its one parameter, or the
 * input record's fields, in order, one per parameter (`fields` are our field names).
 */
export type ComponentArguments =
  | { readonly kind: "input" }
  | { readonly kind: "fields"; readonly fields: readonly string[] };

/**
 * How the function's result becomes the output: the value itself, or the ok side of a
 * `result<T, E>` whose `err` fails the call (TASK_FAILED carrying the payload, of `error`'s type;
 * none for `result<T>`). jco returns a top-level result's ok value and throws its err.
 */
export type ComponentResult = { readonly kind: "value" } | { readonly kind: "ok"; readonly error?: ValueType };

/** What the runner needs to call a registered component task. */
export interface ComponentBinding {
  readonly export: string;
  /** Where jco's bindings put the function: `["wasmflow:task/run@0.1.0", "run"]`, `["getItem"]`. */
  readonly jcoPath: readonly string[];
  /** The function as the component declares it. */
  readonly function: WitFunction;
  readonly arguments: ComponentArguments;
  readonly result: ComponentResult;
}
