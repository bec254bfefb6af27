import { z } from "zod";
import { resultCases, type ValueType, type VariantCase } from "../values/index.js";
import { taskDefinitionSchema } from "./definition-schema.js";

/** File name of the shipped JSON Schema, under `schemas/` in the package. */
export const taskDefinitionSchemaFile = "task-definition.schema.json";

/**
 * The JSON Schema editors use to validate `*.task.json` files (through `$schema`), generated from
 * the same zod schema the runtime validates with, so the two cannot disagree.
 */
export function taskDefinitionJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(taskDefinitionSchema, { io: "input", target: "draft-2020-12" }),
    title: "wasmflow task definition",
  };
}

type JsonSchema = Record<string, unknown>;

// JSON numbers lose precision past 2^53, so larger 64-bit integers are written as decimal strings.
const maxSafe = Number.MAX_SAFE_INTEGER;
// The smallest magnitude that rounds to an infinite float32: (2 - 2^-24) * 2^127.
const float32Overflow = 3.4028235677973366e38;
const floatWords = { enum: ["NaN", "Infinity", "-Infinity"] };
const base64 = "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$";
// One code point whether the validator reads the pattern by UTF-16 units (a non-surrogate, or a
// pair) or, with the `u` flag, by code points (then the pair is one code point, and a lone
// surrogate matches neither branch).
const oneCodePoint = "^(?:[^\\uD800-\\uDFFF]|[\\uD800-\\uDBFF][\\uDC00-\\uDFFF])$";

/**
 * The JSON Schema (draft 2020-12) of a value of `type` in its JSON form — what `fromJson` takes,
 * and so the CLI's `--input` and the HTTP API: s64/u64 as a safe integer or a decimal string,
 * bytes as base64, floats also as "NaN", "Infinity", "-Infinity". It follows the checks as far as
 * JSON Schema can say them; the range of a 64-bit integer in a decimal string is only bounded by
 * its number of digits.
 */
export function valueJsonSchema(type: ValueType): JsonSchema {
  switch (type.kind) {
    case "bool":
      return { type: "boolean" };
    case "s32":
      return { type: "integer", minimum: -(2 ** 31), maximum: 2 ** 31 - 1 };
    case "u32":
      return { type: "integer", minimum: 0, maximum: 2 ** 32 - 1 };
    case "s64":
      return int64(-maxSafe, "^-?(?:0|[1-9][0-9]{0,18})$");
    case "u64":
      return int64(0, "^(?:0|[1-9][0-9]{0,19})$");
    case "f32":
      return {
        anyOf: [{ type: "number", exclusiveMinimum: -float32Overflow, exclusiveMaximum: float32Overflow }, floatWords],
      };
    case "f64":
      return { anyOf: [{ type: "number" }, floatWords] };
    case "char":
      return { type: "string", minLength: 1, maxLength: 2, pattern: oneCodePoint };
    case "string":
      return { type: "string" };
    case "bytes":
      return { type: "string", contentEncoding: "base64", pattern: base64 };
    case "list":
      return { type: "array", items: valueJsonSchema(type.element) };
    case "option":
      return { anyOf: [valueJsonSchema(type.inner), { type: "null" }] };
    case "record":
      return {
        type: "object",
        properties: Object.fromEntries(type.fields.map((field) => [field.name, valueJsonSchema(field.type)])),
        required: type.fields.filter((field) => field.type.kind !== "option").map((field) => field.name),
        additionalProperties: false,
      };
    case "tuple":
      return {
        type: "array",
        prefixItems: type.elements.map(valueJsonSchema),
        minItems: type.elements.length,
        maxItems: type.elements.length,
        items: false,
      };
    case "enum":
      return { type: "string", enum: [...type.cases] };
    case "variant":
      return { oneOf: type.cases.map(caseSchema) };
    case "result":
      return { oneOf: resultCases(type).map(caseSchema) };
    case "flags":
      return {
        type: "object",
        properties: Object.fromEntries(type.flags.map((flag) => [flag, { type: "boolean" }])),
        additionalProperties: false,
      };
  }
}

function int64(minimum: number, digits: string): JsonSchema {
  return {
    anyOf: [
      { type: "integer", minimum, maximum: maxSafe },
      { type: "string", pattern: digits },
    ],
  };
}

// `{ tag, val }`: `val` only for a case with a payload, and optional where the payload is an option (none).
function caseSchema(c: VariantCase): JsonSchema {
  const tag = { const: c.name };
  if (c.type === undefined) {
    return { type: "object", properties: { tag }, required: ["tag"], additionalProperties: false };
  }
  return {
    type: "object",
    properties: { tag, val: valueJsonSchema(c.type) },
    required: c.type.kind === "option" ? ["tag"] : ["tag", "val"],
    additionalProperties: false,
  };
}
