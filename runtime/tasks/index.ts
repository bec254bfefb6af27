// The ABI's constants live in abi/; named here too for the callers that know tasks/ only.
export {
  allowedHostImports,
  allowedMemoryImport,
  sdkAbiVersion,
  sdkAllocExport,
  selfDescriptionSection,
} from "../abi/index.js";
export type { ExpectedExport } from "./abi/expected-export.js";
export { plainExpectedExports } from "./abi/plain-abi.js";
export { sdkExpectedExports } from "./abi/sdk-abi.js";
export type { SelfDescription } from "./abi/self-description.js";
export { checkSelfDescription, selfDescriptionOf } from "./abi/self-description.js";
export { checkComponentTask, componentImportAllowList } from "./check/check-component.js";
export { checkModule } from "./check/check-module.js";
export {
  defaultRetryPolicy,
  defaultTaskLimits,
  definitionCaps,
  fileCaps,
  limitCaps,
  moduleCaps,
} from "./defaults.js";
export type {
  RetryPolicy,
  TaskDefinitionData,
  TaskDefinitionInput,
  TaskLimits,
  ValueTypeDeclaration,
} from "./definition-schema.js";
export {
  retryPolicySchema,
  taskDefinitionSchema,
  taskLimitsSchema,
  taskNamePattern,
  valueTypeDeclarationSchema,
} from "./definition-schema.js";
export { findTaskDefinitionFiles, taskDefinitionSuffix } from "./find-definitions.js";
export { jsonDepthIssue } from "./json-depth.js";
export { taskDefinitionJsonSchema, taskDefinitionSchemaFile, valueJsonSchema } from "./json-schema.js";
export type { JsonSyntaxProblem } from "./json-syntax.js";
export { parseJsonText } from "./json-syntax.js";
export { type JsonNode, jsonPathKeys, walkJson } from "./json-walk.js";
export type { LoadedTaskDefinition } from "./load-definition.js";
export { loadTaskDefinition } from "./load-definition.js";
export { resolveModulePath } from "./module-path.js";
export type { PlainMapping } from "./plain-types.js";
export { plainMapping } from "./plain-types.js";
export type { DefinitionJson } from "./read-definition-json.js";
export { readDefinitionJson } from "./read-definition-json.js";
export type { PreparedRegistration, RegisteredTask, RegistrationResult } from "./registry.js";
export { TaskRegistry } from "./registry.js";
export { type SourceLanguage, sourceLanguage } from "./source-language.js";
export type { TaskDefinition } from "./task-definition.js";
export { parseTaskDefinition } from "./task-definition.js";
export type { TaskReference } from "./task-reference.js";
export { parseTaskReference } from "./task-reference.js";
export { formatPath, fromZodIssues } from "./zod-issues.js";
