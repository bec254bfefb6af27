export type {
  ClientOptions,
  EventStreamOptions,
  FlowShown,
  StartedRun,
  StartOptions,
  TaskCallOptions,
  TaskShown,
} from "./wasmflow-client.js";
export { WasmflowClient } from "./wasmflow-client.js";
