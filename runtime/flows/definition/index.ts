export type {
  BranchArm,
  FlowDefinitionData,
  FlowDefinitionInput,
  FlowStep,
  JoinRule,
  LimitOverrides,
  Mapping,
  MappingValue,
  RetryOverrides,
  StepInput,
} from "./flow-schema.js";
export {
  branchArmSchema,
  expressionSchema,
  flowDefinitionSchema,
  flowStepSchema,
  joinRules,
  limitOverridesSchema,
  mappingFieldPattern,
  mappingSchema,
  mappingValueSchema,
  retryOverridesSchema,
  stepIdPattern,
  stepInputSchema,
  taskReferencePattern,
} from "./flow-schema.js";
export { flowDefinitionJsonSchema, flowDefinitionSchemaFile } from "./json-schema.js";
export { flowLimits, reservedKeys, reservedStepIds } from "./limits.js";
export type { LoadedFlowDefinition } from "./load-flow.js";
export { loadFlowDefinition } from "./load-flow.js";
export type { FlowDefinition } from "./parse-flow.js";
export { parseFlowDefinition } from "./parse-flow.js";
export { addressStepsById } from "./step-address.js";
export type { StepInputForm } from "./step-input.js";
export { stepInputExpressions, stepInputForm } from "./step-input.js";
