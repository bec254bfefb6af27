export { isFunctionName } from "./names.js";
export type { GeneratedFile, GeneratedTaskCode, TaskCodeOptions } from "./task-module.js";
export { generatedPaths, generateTaskCode } from "./task-module.js";
