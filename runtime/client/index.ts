export type {
  ClientOptions,
  EventStreamOptions,
  FeedStreamOptions,
  FlowShown,
  StartedRun,
  StartOptions,
  TaskCallOptions,
  TaskShown,
} from "./wasmflow-client.js";
export { WasmflowClient } from "./wasmflow-client.js";
