// The one door from the dashboard to the runtime: the typed HTTP client, the value types' own
// rules (the same parser and checks the server applies, run here so a form can say what is wrong
// before anything is sent), and the library's types. Nothing else of the runtime is bundled.
export type { FlowShown, Session, Stats, TaskShown } from "../../../runtime/client/index.js";
export { WasmflowClient } from "../../../runtime/client/index.js";
export type { Issue } from "../../../runtime/errors/index.js";
export { WasmflowError } from "../../../runtime/errors/index.js";
export type {
  FlowEvent,
  FlowRunResult,
  GraphReport,
  ModuleInfo,
  RegisteredFlow,
  RegisteredTask,
  RunDetails,
  RunFilter,
  RunPage,
  RunResult,
  RunSummary,
  TokenScope,
} from "../../../runtime/index.js";
export type { RecordField, ValueType, VariantCase } from "../../../runtime/values/index.js";
export { formatValueType, fromJson, parseValueType, resultCases } from "../../../runtime/values/index.js";
