export type { AnalyzeFlowOptions, FlowAnalysis } from "./analyze-flow.js";
export { analyzeFlow, requireValidFlow } from "./analyze-flow.js";
export type { EdgeFacts, EdgeKind, FlowEdge, ReportedEdge } from "./edges.js";
export type { BranchPoint, BranchPointArm, ConvergencePoint, ErrorPath, FlowGraph, GraphReport } from "./flow-graph.js";
export { defaultPathLimit } from "./flow-graph.js";
export { escapeLabel } from "./mermaid.js";
export type { FlowPaths } from "./paths.js";
export type { StepReference } from "./step-references.js";
export { blankLiterals, stepReferences } from "./step-references.js";
