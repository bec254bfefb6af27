export { retryDelay } from "./backoff.js";
export type { FlowEvent, FlowEventType, RunError, StepError } from "./events.js";
export type {
  FlowEngineOptions,
  FlowRun,
  FlowRunResult,
  FlowRunStatus,
  FlowSource,
  ResumeAnswer,
  StartFlowOptions,
} from "./flow-engine.js";
export { FlowEngine, isTraceparent } from "./flow-engine.js";
export type { JoinDecision } from "./join.js";
export { decideJoin } from "./join.js";
export { toJsonValue } from "./persisted-values.js";
export type {
  AttemptDetails,
  LiveRun,
  RunDetails,
  RunFilter,
  RunPage,
  RunSummary,
  StepDetails,
} from "./run-details.js";
export { maxRunsPerPage, RunQueries } from "./run-details.js";
export type { FeedEvent, FeedOptions } from "./run-feed.js";
export type { HistoryOptions } from "./run-history.js";
