import { Environment } from "@marcbachmann/cel-js";
import type { RecordField, RecordType } from "../../values/index.js";
import { type CelShape, type RecordShape, type RegisterRecord, shapeOf } from "./cel-shape.js";
import { assertExactLibrary } from "./library-check.js";
import { type ExpressionScope, stepErrorType } from "./scope.js";

/** A library environment declaring `input` and the steps one expression reads, with their shapes. */
export interface ScopeEnvironment {
  readonly env: Environment;
  readonly input: CelShape;
  /** A record shape whose fields are step ids, each a record of `output` and/or `error`. */
  readonly steps: RecordShape;
  /** Registered record type names → our record types, to read result types back. */
  readonly records: ReadonlyMap<string, RecordType>;
}

const options = {
  unlistedVariablesAreDyn: false,
  homogeneousAggregateLiterals: true,
  enableOptionalTypes: true,
  limits: { maxDepth: 64, maxAstNodes: 10_000, maxListElements: 1000, maxMapEntries: 1000, maxCallArguments: 32 },
};

/** Parsing needs no declarations; the parsed tree tells which steps to declare. */
export const parsingEnvironment = new Environment({ ...options, unlistedVariablesAreDyn: true });

/**
 * Declares `input` and those steps of `stepIds` that the scope has (a step it lacks stays
 * undeclared, so reading it is a type error naming it). Only the steps an expression reads are
 * declared: each registered type costs some 20 µs, and a step deep in a long flow has thousands
 * of predecessors.
 */
export function buildEnvironment(scope: ExpressionScope, stepIds: Iterable<string>): ScopeEnvironment {
  assertExactLibrary();
  const env = new Environment(options);
  const records = new Map<string, RecordType>();
  const register: RegisterRecord = (name, record, fields, type) => {
    records.set(name, type);
    env.registerType(name, { ctor: record, fields });
  };
  const input = shapeOf(scope.input, "input", register);
  const stepFields: RecordField[] = [];
  for (const id of stepIds) {
    const step = Object.hasOwn(scope.steps, id) ? scope.steps[id] : undefined;
    const fields: RecordField[] = [];
    if (step?.output !== undefined) fields.push({ name: "output", type: step.output });
    if (step?.error === true) fields.push({ name: "error", type: stepErrorType });
    if (fields.length > 0) stepFields.push({ name: id, type: { kind: "record", fields } });
  }
  const steps = shapeOf({ kind: "record", fields: stepFields }, "steps", register) as RecordShape;
  env.registerVariable("input", input.cel);
  env.registerVariable("steps", steps.cel);
  return { env, input, steps, records };
}
