export type {
  ClientOptions,
  EventStreamOptions,
  FeedStreamOptions,
  FlowShown,
  Session,
  StartedRun,
  StartOptions,
  Stats,
  TaskCallOptions,
  TaskShown,
} from "./wasmflow-client.js";
export { WasmflowClient } from "./wasmflow-client.js";
