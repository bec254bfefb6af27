export type { ErrorContext } from "./classify-error.js";
export { classifyError } from "./classify-error.js";
export { instanceDefaults } from "./defaults.js";
export { runPlainCall } from "./plain-call.js";
export type { PreparedModule } from "./prepared-module.js";
export { prepareModule } from "./prepared-module.js";
export { runPtrLenCall } from "./ptr-len-call.js";
export { runSdkCall } from "./sdk-call.js";
export type { ThreadRuntimeOptions } from "./thread-runtime.js";
export { ThreadRuntime } from "./thread-runtime.js";
export type {
  CallOptions,
  CallOutcome,
  LogLimits,
  MemoryLimits,
  ModuleSource,
  PlainSignature,
} from "./types.js";
