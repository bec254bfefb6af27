import { z } from "zod";
import { retryPolicySchema, taskLimitsSchema, taskNamePattern, valueTypeDeclarationSchema } from "../../tasks/index.js";
import { flowLimits, reservedKeys, reservedStepIds } from "./limits.js";

/** Step ids double as CEL identifiers (`steps.<id>.output`), hence lower-case, digits and `_` only. */
export const stepIdPattern = /^[a-z][a-z0-9_]*$/;
/** `name` (latest revision) or `name@N`, as `parseTaskReference` reads it. */
export const taskReferencePattern = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?:@[1-9][0-9]{0,8})?$/;
/** Mapping keys are record field names of the task input or flow output they fill. */
export const mappingFieldPattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const joinRules = ["all-succeeded", "any-succeeded", "none-failed"] as const;

const stepIdSchema = z
  .string()
  .max(flowLimits.maxStepIdLength)
  .regex(stepIdPattern, "lower-case letters, digits and '_', starting with a letter, e.g. count_words")
  .refine((id) => !reservedStepIds.has(id), {
    error: (issue) => `"${String(issue.input)}" is a CEL keyword or reserved word and cannot name a step`,
    params: { code: "RESERVED_STEP_ID" },
  });

// References are checked against the declared ids by the graph analysis, not here.
const stepReferenceSchema = z
  .string()
  .max(flowLimits.maxStepIdLength)
  .regex(stepIdPattern, "a step id: lower-case letters, digits and '_', starting with a letter");

const stepListSchema = z.array(stepReferenceSchema).max(flowLimits.maxSteps);

/** A CEL expression: every JSON string in a mapping is one (a literal string is quoted inside it: `"'fast'"`). */
export const expressionSchema = z
  .string()
  .min(1)
  .max(flowLimits.maxExpressionLength)
  .describe("a CEL expression over `input` and `steps.<id>.output`; quote literal strings inside it: \"'text'\"");

/**
 * A mapping value: a string is an expression; any other JSON value is a fixed literal, taken as
 * it is (strings nested inside a literal array or object are literal strings).
 */
export const mappingValueSchema = z.union([
  expressionSchema,
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.unknown()),
  z.record(z.string(), z.unknown()),
]);

const mappingFieldSchema = z
  .string()
  .max(64)
  .regex(mappingFieldPattern, "a field name: letters, digits and '_', not starting with a digit")
  .refine((name) => !reservedKeys.has(name), {
    error: (issue) => `"${String(issue.input)}" is reserved and cannot name a field`,
    params: { code: "RESERVED_KEY" },
  });

/** Field name → expression or literal; fills a step's input or the flow output. */
export const mappingSchema = z
  .record(mappingFieldSchema, mappingValueSchema)
  .superRefine((mapping, ctx) => {
    const count = Object.keys(mapping).length;
    if (count > flowLimits.maxMappingFields) {
      ctx.addIssue({
        code: "custom",
        message: `a mapping has at most ${flowLimits.maxMappingFields} fields, this one has ${count}`,
        params: { code: "TOO_MANY_FIELDS" },
      });
    }
  })
  .meta({ maxProperties: flowLimits.maxMappingFields });

/** A whole step input written as a literal: any JSON value but a string (an expression) or an object (a mapping). */
const wholeLiteralSchema = z.union([z.number(), z.boolean(), z.null(), z.array(z.unknown())]);

/**
 * A step's input, told apart by its JSON kind — so exactly one form fits any value: an object
 * fills a record input field by field; a string is one expression whose value is the whole input,
 * of whatever type the task declares; a number, boolean, array or null is the whole input as a literal.
 */
export const stepInputSchema = z.xor([
  mappingSchema.describe("a record input, field by field: field → expression or literal"),
  expressionSchema.describe("one CEL expression whose value is the whole input, of any declared type"),
  wholeLiteralSchema.describe("the whole input as a literal: a number, boolean, array or null"),
]);

const ifArmSchema = z
  .object({
    if: expressionSchema.describe("CEL condition, true or false; reading a missing field is an error, not false"),
    // biome-ignore lint/suspicious/noThenProperty: the file format's keyword; parsed data is never awaited.
    then: stepListSchema.describe("steps run when this is the first true condition"),
  })
  .strict();
const elseArmSchema = z.object({ else: stepListSchema.describe("steps run when no condition is true") }).strict();

/** One arm of a branch: `{ if, then }`, or a last `{ else }`. */
export const branchArmSchema = z.union([ifArmSchema, elseArmSchema]);

const branchSchema = z
  .array(branchArmSchema)
  .min(1)
  .max(flowLimits.maxBranchArms)
  .superRefine((arms, ctx) => {
    arms.forEach((arm, index) => {
      if ("else" in arm && index !== arms.length - 1) {
        ctx.addIssue({
          code: "custom",
          path: [index],
          message: "an else arm must be the last arm of its branch",
          params: { code: "ELSE_NOT_LAST" },
        });
      }
    });
  })
  .describe(
    "if / else if / else after this step succeeds: the first true condition's steps run, the others are skipped",
  );

const retryShape = retryPolicySchema.shape;
/** Per-step overrides of the task's retry policy: fields left out keep the task's values. */
export const retryOverridesSchema = z
  .object({
    maxAttempts: retryShape.maxAttempts.unwrap().optional().describe("attempts in all, the first included"),
    initialDelayMs: retryShape.initialDelayMs.unwrap().optional(),
    backoffFactor: retryShape.backoffFactor.unwrap().optional(),
    maxDelayMs: retryShape.maxDelayMs.unwrap().optional(),
    retryOn: retryShape.retryOn.unwrap().optional().describe("error codes that are retried"),
  })
  .strict();

const limitShape = taskLimitsSchema.shape;
/** Per-step overrides of the task's limits: fields left out keep the task's values. */
export const limitOverridesSchema = z
  .object({
    timeoutMs: limitShape.timeoutMs.unwrap().optional().describe("wall-clock limit of one attempt, in milliseconds"),
    maxInputBytes: limitShape.maxInputBytes.unwrap().optional().describe("largest encoded input"),
    maxOutputBytes: limitShape.maxOutputBytes.unwrap().optional().describe("largest encoded output"),
  })
  .strict();

export const flowStepSchema = z
  .object({
    id: stepIdSchema.describe("unique within the flow; expressions read this step as steps.<id>"),
    description: z.string().max(flowLimits.maxTextLength).optional(),
    task: z
      .string()
      .max(flowLimits.maxTaskReferenceLength)
      .regex(taskReferencePattern, "a task name, optionally with a revision: word-count or word-count@2")
      .describe("the registered task this step runs"),
    input: stepInputSchema.describe(
      "the task's input: an object of field → expression or literal (a record input), one expression for the whole input, or a literal",
    ),
    after: stepListSchema
      .default([])
      .describe("steps this one waits for; branch and onError targets need not list their source"),
    join: z
      .enum(joinRules)
      .default("all-succeeded")
      .describe(
        "when the after steps let this one run: all-succeeded (default), any-succeeded, or none-failed (skipped steps are fine)",
      ),
    branch: branchSchema.optional(),
    retry: retryOverridesSchema.optional(),
    limits: limitOverridesSchema.optional(),
    onError: stepListSchema
      .default([])
      .describe("steps that run only if this one fails after its retries; they may read steps.<id>.error"),
  })
  .strict();

/** The flow definition file format (`*.flow.json`). */
export const flowDefinitionSchema = z
  .object({
    $schema: z.string().optional(),
    name: z
      .string()
      .max(64)
      .regex(taskNamePattern, "lower-case words joined by '-', e.g. triage-text")
      .describe("registry name of the flow"),
    description: z.string().max(flowLimits.maxTextLength).default(""),
    version: z.string().max(64).default("0.0.0").describe("the author's version label, shown with the flow"),
    input: valueTypeDeclarationSchema.describe("declared type of the flow input"),
    initial: z.unknown().optional().describe("input used when a run is given none; must match `input`"),
    steps: z.array(flowStepSchema).min(1).max(flowLimits.maxSteps),
    output: mappingSchema.describe("the flow output: field → expression over the flow input and step outputs"),
  })
  .strict();

/** A flow definition as written in a file (defaults not yet applied). */
export type FlowDefinitionInput = z.input<typeof flowDefinitionSchema>;
/** A flow definition with every default applied; its declared type not yet parsed. */
export type FlowDefinitionData = z.output<typeof flowDefinitionSchema>;
export type FlowStep = z.output<typeof flowStepSchema>;
export type BranchArm = z.output<typeof branchArmSchema>;
export type Mapping = z.output<typeof mappingSchema>;
export type MappingValue = z.output<typeof mappingValueSchema>;
export type StepInput = z.output<typeof stepInputSchema>;
export type JoinRule = (typeof joinRules)[number];
export type RetryOverrides = z.output<typeof retryOverridesSchema>;
export type LimitOverrides = z.output<typeof limitOverridesSchema>;
