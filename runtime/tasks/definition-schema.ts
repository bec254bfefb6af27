import { z } from "zod";
import { defaultRetryPolicy, defaultTaskLimits, limitCaps } from "./defaults.js";

/**
 * A declared value type as written in a definition: WIT-style text (`"list<string>"`) or an
 * object whose keys are record fields. Its meaning is checked by `parseValueType` after the shape.
 */
export type ValueTypeDeclaration = string | { readonly [field: string]: ValueTypeDeclaration };

export const valueTypeDeclarationSchema: z.ZodType<ValueTypeDeclaration> = z.lazy(() =>
  z.union([
    z
      .string()
      .min(1)
      .max(4096)
      .describe(
        "WIT-style type text: bool, s32, u32, s64, u64, f32, f64, char, string, bytes, list<T>, option<T>, record{name: T, …}, tuple<T, …>, enum{a, …}, variant{a(T), b, …}, result<T, E>, flags{a, …}",
      ),
    z.record(z.string(), valueTypeDeclarationSchema).describe("a record: field name → field type"),
  ]),
);

const positiveInt = (max: number) => z.int().min(1).max(max);

export const taskLimitsSchema = z
  .object({
    timeoutMs: positiveInt(limitCaps.timeoutMs)
      .default(defaultTaskLimits.timeoutMs)
      .describe("wall-clock limit for instantiation and call, in milliseconds"),
    maxMemoryPages: positiveInt(limitCaps.maxMemoryPages)
      .default(defaultTaskLimits.maxMemoryPages)
      .describe("largest linear memory the module may declare, in 64 KiB pages"),
    maxInputBytes: positiveInt(limitCaps.maxBytes)
      .default(defaultTaskLimits.maxInputBytes)
      .describe("largest encoded input"),
    maxOutputBytes: positiveInt(limitCaps.maxBytes)
      .default(defaultTaskLimits.maxOutputBytes)
      .describe("largest encoded output"),
  })
  .strict();

export const retryPolicySchema = z
  .object({
    maxAttempts: positiveInt(limitCaps.maxAttempts)
      .default(defaultRetryPolicy.maxAttempts)
      .describe("attempts in all, the first included"),
    initialDelayMs: z.int().min(0).max(limitCaps.maxDelayMs).default(defaultRetryPolicy.initialDelayMs),
    backoffFactor: z.number().min(1).max(100).default(defaultRetryPolicy.backoffFactor),
    maxDelayMs: z.int().min(0).max(limitCaps.maxDelayMs).default(defaultRetryPolicy.maxDelayMs),
    retryOn: z
      .array(z.string().regex(/^[A-Z][A-Z0-9_]*$/))
      .max(32)
      .default([...defaultRetryPolicy.retryOn])
      .describe("error codes that are retried"),
  })
  .strict();

export const taskNamePattern = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** The task definition file format (`*.task.json`). */
export const taskDefinitionSchema = z
  .object({
    $schema: z.string().optional(),
    name: z
      .string()
      .max(64)
      .regex(taskNamePattern, "lower-case words joined by '-', e.g. word-count")
      .describe("registry name of the task"),
    description: z.string().max(1000).default(""),
    version: z.string().max(64).default("0.0.0").describe("the author's version label, shown with the task"),
    abi: z
      .enum(["sdk", "plain", "ptr-len", "component"])
      .describe(
        "sdk: MessagePack through the guest SDK; plain: an export with numeric, string or array parameters; ptr-len: a string or bytes in and out through (ptr, len), for modules from any language; component: a WebAssembly component whose exported function (`export`: `run`, or `wasmflow:task/run@0.1.0#run`) takes the input and gives the output",
      ),
    source: z
      .string()
      .min(1)
      .max(1024)
      .optional()
      .describe("entry source, relative to this file; absent for precompiled modules"),
    language: z
      .enum(["assemblyscript", "javascript", "typescript"])
      .optional()
      .describe(
        "language of `source`: JavaScript and TypeScript build as components (abi component) through componentize-js; default: javascript for .js and .mjs sources, else assemblyscript",
      ),
    module: z
      .string()
      .min(1)
      .max(1024)
      .describe("the .wasm file, relative to this file; must stay inside the project root"),
    export: z.string().min(1).max(256).default("run").describe("the export that runs the task"),
    input: valueTypeDeclarationSchema.describe(
      "declared input type (plain: a record whose fields are the parameters, in order)",
    ),
    output: valueTypeDeclarationSchema.describe("declared output type"),
    async: z.boolean().default(false),
    limits: taskLimitsSchema.prefault({}),
    retry: retryPolicySchema.prefault({}),
  })
  .strict();

/** A definition as written in a file (defaults not yet applied). */
export type TaskDefinitionInput = z.input<typeof taskDefinitionSchema>;
/** A definition with every default applied. */
export type TaskDefinitionData = z.output<typeof taskDefinitionSchema>;
export type TaskLimits = z.output<typeof taskLimitsSchema>;
export type RetryPolicy = z.output<typeof retryPolicySchema>;
