import { Environment } from "@marcbachmann/cel-js";
import type { RecordField, ValueType } from "../../values/index.js";
import { type CelShape, type MessageType, type RecordShape, type RegisterRecord, shapeOf } from "./cel-shape.js";
import { assertExactLibrary } from "./library-check.js";
import { type ExpressionScope, stepErrorType } from "./scope.js";

/** A library environment declaring `input` and the steps one expression reads, with their shapes. */
export interface ScopeEnvironment {
  readonly env: Environment;
  readonly input: CelShape;
  /** A record shape whose fields are step ids, each a record of `output` and/or `error`. */
  readonly steps: RecordShape;
  /** Registered type names → our types (records, flags, variants, results), to read result types back. */
  readonly records: ReadonlyMap<string, MessageType>;
}

const options = {
  unlistedVariablesAreDyn: false,
  homogeneousAggregateLiterals: true,
  enableOptionalTypes: true,
  limits: { maxDepth: 64, maxAstNodes: 10_000, maxListElements: 1000, maxMapEntries: 1000, maxCallArguments: 32 },
};

/**
 * Our options over the library's defaults, set up once: an environment made from it declares only
 * its own variables and types (a new one from scratch would set up the options again, some 50 µs).
 */
let baseEnvironment: Environment | undefined;

/** Parsing needs no declarations; the parsed tree tells which steps to declare. */
export const parsingEnvironment = new Environment({ ...options, unlistedVariablesAreDyn: true });

/** Each declared type's text, computed once per type object (a flow's types are shared by its steps). */
const typeKeys = new WeakMap<ValueType, string>();

function typeKey(type: ValueType): string {
  let key = typeKeys.get(type);
  if (key === undefined) {
    key = JSON.stringify(type);
    typeKeys.set(type, key);
  }
  return key;
}

/** What `buildEnvironment(scope, stepIds)` would declare, as text: equal keys, interchangeable environments. */
export function environmentKey(scope: ExpressionScope, stepIds: readonly string[]): string {
  let key = typeKey(scope.input);
  for (const id of stepIds) {
    const step = Object.hasOwn(scope.steps, id) ? scope.steps[id] : undefined;
    if (step === undefined || (step.output === undefined && step.error !== true)) continue;
    key += `\n${JSON.stringify(id)}${step.error === true ? "!" : ""}${step.output === undefined ? "" : typeKey(step.output)}`;
  }
  return key;
}

/**
 * Declares `input` and those steps of `stepIds` that the scope has (a step it lacks stays
 * undeclared, so reading it is a type error naming it). Only the steps an expression reads are
 * declared: each registered type costs some 20 µs, and a step deep in a long flow has thousands
 * of predecessors.
 */
export function buildEnvironment(scope: ExpressionScope, stepIds: Iterable<string>): ScopeEnvironment {
  assertExactLibrary();
  baseEnvironment ??= new Environment(options);
  const env = baseEnvironment.clone(options);
  const records = new Map<string, MessageType>();
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
