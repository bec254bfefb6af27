export type { FlowRegistrationResult, RegisteredFlow } from "./flow-registry.js";
export { FlowRegistry } from "./flow-registry.js";
export { storedFlowDefinition } from "./stored-definition.js";
export { registeredTaskTypes } from "./task-types.js";
