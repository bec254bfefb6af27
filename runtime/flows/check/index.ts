export { checkEdgeTypes } from "./edge-types.js";
export type { StepTaskTypes, StepTypesById } from "./scopes.js";
export { FlowScopes, mappingExpressions } from "./scopes.js";
