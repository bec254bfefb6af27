import { parseValueType, type RegisteredFlow, type RegisteredTask, type ValueType } from "../api/wasmflow.js";

// Parsed from the declaration as written, by the runtime's own parser: a definition sent over
// HTTP is plain JSON, and the declaration is what the server itself parsed when it registered it.

/** The type of a flow run's input: its declared `input` (a record of field → type text, or any type). */
export function flowInputType(flow: RegisteredFlow): ValueType {
  return parseValueType(flow.definition.input);
}

/** The type of a task call's input; a task whose input is not a record gets a one-field form. */
export function taskInputType(task: RegisteredTask): ValueType {
  return parseValueType(task.definition.input);
}
