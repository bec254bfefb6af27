export type { InitOptions, InitResult, WrittenStatus } from "./init-project.js";
export { initProject } from "./init-project.js";
export { templateNames } from "./templates.js";
