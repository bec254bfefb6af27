import { UsageError } from "../../errors/index.js";
import type { JoinRule } from "../definition/index.js";
import { anyCanRunTogether } from "./alternatives.js";
import type { AncestorSets } from "./ancestors.js";
import type { GraphCore } from "./build-graph.js";
import type { Condition } from "./conditions.js";
import type { Edge, FlowEdge, ReportedEdge } from "./edges.js";
import { flowToMermaid } from "./mermaid.js";
import { enumeratePaths, type FlowPaths } from "./paths.js";
import { reportedEdges, type StepOutputTypes } from "./reported-edges.js";

export interface BranchPointArm {
  readonly index: number;
  /** The condition's text; undefined for the else arm. */
  readonly condition: string | undefined;
  readonly targets: readonly string[];
}

/** A step with a branch: after it succeeds, the first arm whose condition holds runs. */
export interface BranchPoint {
  readonly step: string;
  readonly arms: readonly BranchPointArm[];
}

/** A step with an onError list: the handlers run only if it fails after its retries. */
export interface ErrorPath {
  readonly step: string;
  readonly handlers: readonly string[];
}

/** A step with more than one predecessor: its join rule decides whether it runs. */
export interface ConvergencePoint {
  readonly step: string;
  readonly join: JoinRule;
  readonly from: readonly string[];
}

/** A flow's graph as plain data (`FlowGraph.report`). */
export interface GraphReport {
  readonly steps: readonly string[];
  readonly order: readonly string[];
  readonly roots: readonly string[];
  readonly leaves: readonly string[];
  readonly branchPoints: readonly BranchPoint[];
  readonly convergencePoints: readonly ConvergencePoint[];
  readonly errorPaths: readonly ErrorPath[];
  readonly parallelGroups: readonly (readonly string[])[];
  /**
   * Every reference between two steps (`after`, each branch arm's targets, `onError`), with the
   * arm's condition and the type the downstream step receives (`carries`: known when the flow was
   * analysed with its tasks' output types, as `describeRegisteredFlow` and the HTTP API do).
   */
  readonly edges: readonly ReportedEdge[];
  readonly paths: readonly (readonly string[])[];
  /** More paths exist than were listed. */
  readonly pathsTruncated: boolean;
  /** The flow as a Mermaid `flowchart TD`. */
  readonly mermaid: string;
}

/** Default bound of `FlowGraph.paths()`. */
export const defaultPathLimit = 100;

/**
 * The static shape of an acyclic flow. Steps are named by id everywhere; a query for an id the
 * flow does not have throws a `UsageError`.
 */
export class FlowGraph {
  /** Step ids in definition order. */
  readonly steps: readonly string[];
  /** Every step after all the steps it waits for (Kahn's order, ties in definition order). */
  readonly order: readonly string[];
  /** Steps nothing leads to: no known `after`, named by no branch arm or onError list. They start the run. */
  readonly roots: readonly string[];
  /** Steps nothing waits for. */
  readonly leaves: readonly string[];
  readonly branchPoints: readonly BranchPoint[];
  readonly errorPaths: readonly ErrorPath[];
  readonly convergencePoints: readonly ConvergencePoint[];
  /**
   * Steps by level: a step's level is the length of the longest dependency path from a root to it
   * (roots are level 0). No step depends on another of its level.
   */
  readonly levels: readonly (readonly string[])[];
  /**
   * Levels with steps that may run at the same time: a level's steps never wait for one another,
   * so once ready the engine may run them concurrently. A level is left out when no two of its
   * steps can run in one run — a single step, alternative targets of one branch, or a step's
   * error handler beside a step that needs it to succeed. A listed group may still hold such
   * alternatives beside its other steps.
   */
  readonly parallelGroups: readonly (readonly string[])[];

  private readonly core: GraphCore;
  private readonly ancestors: AncestorSets;
  private readonly rootNodes: readonly number[];
  private readonly outputs: StepOutputTypes | undefined;

  /** @internal Built by `analyzeFlow`. */
  constructor(
    core: GraphCore,
    order: readonly number[],
    level: Int32Array,
    conditions: readonly (Condition | undefined)[],
    ancestors: AncestorSets,
    outputs?: StepOutputTypes,
  ) {
    this.core = core;
    this.ancestors = ancestors;
    this.outputs = outputs;
    const id = (node: number): string => core.ids[node] as string;
    this.steps = core.ids;
    this.order = order.map(id);
    this.rootNodes = core.ids.flatMap((_, node) => (core.preds[node]?.length === 0 ? [node] : []));
    this.roots = this.rootNodes.map(id);
    this.leaves = core.ids.filter((_, node) => core.succs[node]?.length === 0);
    this.branchPoints = branchPoints(core);
    this.errorPaths = core.steps
      .filter((step) => step.onError.some((handler) => core.nodeOf.has(handler)))
      .map((step) => ({ step: step.id, handlers: step.onError.filter((handler) => core.nodeOf.has(handler)) }));
    this.convergencePoints = core.steps.flatMap((step, node) => {
      const preds = core.preds[node] ?? [];
      return preds.length > 1 ? [{ step: step.id, join: step.join, from: preds.map(id) }] : [];
    });
    const byLevel: number[][] = [];
    for (const node of order) {
      const at = level[node] as number;
      const nodes = byLevel[at] ?? [];
      nodes.push(node);
      byLevel[at] = nodes;
    }
    this.levels = byLevel.map((nodes) => nodes.map(id));
    this.parallelGroups = byLevel
      .filter((nodes) => anyCanRunTogether(core, conditions, nodes))
      .map((nodes) => nodes.map(id));
  }

  /** The edges into `step`: the steps it waits for and why. */
  predecessors(step: string): readonly FlowEdge[] {
    return (this.core.edgesIn[this.nodeOf(step)] ?? []).map((edge) => this.publicEdge(edge));
  }

  /** The edges out of `step`: the steps that wait for it and why. */
  successors(step: string): readonly FlowEdge[] {
    return (this.core.edgesOut[this.nodeOf(step)] ?? []).map((edge) => this.publicEdge(edge));
  }

  /**
   * True when `ancestor` has settled (succeeded, failed or been skipped) before `step` can start,
   * in every run: it leads to `step` through after, branch or onError edges. Expressions of
   * `step` may read exactly these steps.
   */
  isGuaranteedAncestor(ancestor: string, step: string): boolean {
    return this.ancestors.has(this.nodeOf(step), this.nodeOf(ancestor));
  }

  /** Every guaranteed ancestor of `step`, in definition order. */
  ancestorsOf(step: string): readonly string[] {
    return this.ancestors.of(this.nodeOf(step)).map((node) => this.core.ids[node] as string);
  }

  /** Root-to-leaf paths, at most `limit` (default 100); `truncated` says there are more. */
  paths(limit: number = defaultPathLimit): FlowPaths {
    if (!Number.isInteger(limit) || limit < 0)
      throw new UsageError("paths(limit): limit must be a non-negative integer");
    return enumeratePaths(this.core, this.rootNodes, limit);
  }

  /** The flow as a Mermaid `flowchart TD`; see `flowToMermaid` for the drawing rules. */
  toMermaid(): string {
    return flowToMermaid(this.core);
  }

  /**
   * Everything this graph knows as plain data, at most `pathLimit` paths: what `flow inspect`
   * prints and the HTTP API answers with a flow.
   */
  report(pathLimit: number = defaultPathLimit): GraphReport {
    const paths = this.paths(pathLimit);
    return {
      steps: this.steps,
      order: this.order,
      roots: this.roots,
      leaves: this.leaves,
      branchPoints: this.branchPoints,
      convergencePoints: this.convergencePoints,
      errorPaths: this.errorPaths,
      parallelGroups: this.parallelGroups,
      edges: reportedEdges(this.core, this.outputs),
      paths: paths.paths,
      pathsTruncated: paths.truncated,
      mermaid: this.toMermaid(),
    };
  }

  private nodeOf(step: string): number {
    const node = this.core.nodeOf.get(step);
    if (node === undefined) throw new UsageError(`the flow has no step "${step}"`);
    return node;
  }

  private publicEdge(edge: Edge): FlowEdge {
    const from = this.core.ids[edge.from] as string;
    const to = this.core.ids[edge.to] as string;
    return edge.kind === "branch" ? { kind: "branch", from, to, arm: edge.arm } : { kind: edge.kind, from, to };
  }
}

function branchPoints(core: GraphCore): BranchPoint[] {
  const points: BranchPoint[] = [];
  for (const step of core.steps) {
    if (step.branch === undefined) continue;
    const arms = step.branch.map((arm, index) => ({
      index,
      condition: "if" in arm ? arm.if : undefined,
      targets: ("if" in arm ? arm.then : arm.else).filter((target) => core.nodeOf.has(target)),
    }));
    points.push({ step: step.id, arms });
  }
  return points;
}
