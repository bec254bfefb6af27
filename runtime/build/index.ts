export { buildTasks } from "./build-tasks.js";
export type { GeneratedFile, GeneratedTaskCode, TaskCodeOptions } from "./codegen/index.js";
export { generatedPaths, generateTaskCode } from "./codegen/index.js";
export type { BuildTarget } from "./compile.js";
export type { BuildEvent, BuildOptions, BuildResult, BuiltModule } from "./types.js";
