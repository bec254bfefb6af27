export type { StepTaskTypes } from "./check/index.js";
export { checkEdgeTypes } from "./check/index.js";
export type { FlowDefinition, FlowStep, LoadedFlowDefinition } from "./definition/index.js";
export { flowDefinitionJsonSchema, loadFlowDefinition, parseFlowDefinition } from "./definition/index.js";
export type {
  AttemptDetails,
  FeedEvent,
  FeedOptions,
  FlowEvent,
  FlowEventType,
  FlowRun,
  FlowRunResult,
  FlowRunStatus,
  FlowSource,
  HistoryOptions,
  LiveRun,
  ResumeAnswer,
  RunDetails,
  RunError,
  RunFilter,
  RunPage,
  RunSummary,
  StartFlowOptions,
  StepDetails,
  StepError,
} from "./engine/index.js";
export { FlowEngine, isTraceparent, maxRunsPerPage, RunQueries, toJsonValue } from "./engine/index.js";
export type { ExpressionScope } from "./expressions/index.js";
export {
  compileCondition,
  compileExpression,
  ExpressionError,
  evaluate,
  evaluateCondition,
} from "./expressions/index.js";
export type { EdgeFacts, FlowAnalysis, FlowEdge, FlowGraph, GraphReport, ReportedEdge } from "./graph/index.js";
export { analyzeFlow, requireValidFlow } from "./graph/index.js";
export type { FlowRegistrationResult, RegisteredFlow } from "./registry/index.js";
export { FlowRegistry, registeredTaskTypes } from "./registry/index.js";
export type { TaskTypeLookup } from "./validate-flow.js";
export { validateFlow } from "./validate-flow.js";
