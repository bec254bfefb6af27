export type { StepTaskTypes } from "./edge-types.js";
export { checkEdgeTypes } from "./edge-types.js";
