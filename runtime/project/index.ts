export {
  type ProjectConfig,
  projectConfigFile,
  projectConfigJsonSchema,
  projectConfigSchema,
  projectConfigSchemaFile,
} from "./config-schema.js";
export { type DefinitionTargets, resolveDefinitionTargets } from "./definition-targets.js";
export { loadProject, type Project } from "./load-config.js";
