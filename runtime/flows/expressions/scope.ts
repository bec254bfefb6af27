import type { RecordType, ValueType } from "../../values/index.js";

/** What an expression may read of one step: its declared output, and its error inside an `onError` handler. */
export interface StepScope {
  readonly output?: ValueType;
  /** The step's error `{code: string, message: string}` is readable (the expression belongs to its `onError` handler). */
  readonly error?: true;
}

/**
 * The variables an expression sees, with their declared types: `input` (the flow input) and
 * `steps.<id>` for each step guaranteed to have settled before the expression runs.
 */
export interface ExpressionScope {
  readonly input: ValueType;
  readonly steps: Readonly<Record<string, StepScope>>;
}

/** The type of `steps.<id>.error`. */
export const stepErrorType: RecordType = {
  kind: "record",
  fields: [
    { name: "code", type: { kind: "string" } },
    { name: "message", type: { kind: "string" } },
  ],
};
