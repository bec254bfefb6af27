export {
  type ComponentTaskCode,
  type ComponentTaskCodeOptions,
  type ComponentWit,
  type ComponentWitOptions,
  type ExportPlace,
  exportPlace,
  generateComponentTaskCode,
  generateComponentWit,
  type WrapOutcome,
  wrapComponent,
} from "./component/index.js";
export { isFunctionName } from "./names.js";
export type { GeneratedFile, GeneratedTaskCode, TaskCodeOptions } from "./task-module.js";
export { generatedPaths, generateTaskCode } from "./task-module.js";
