/** Why one step waits for another: listed in `after`, named by an arm of its `branch`, or by its `onError`. */
export type EdgeKind = "after" | "branch" | "onError";

/** A dependency between two steps, from the step that settles first to the one that waits. */
export type FlowEdge =
  | { readonly kind: "after"; readonly from: string; readonly to: string }
  | { readonly kind: "branch"; readonly from: string; readonly to: string; readonly arm: number }
  | { readonly kind: "onError"; readonly from: string; readonly to: string };

/** An edge between node indexes, with where the definition declares it. */
export interface Edge {
  readonly from: number;
  readonly to: number;
  readonly kind: EdgeKind;
  /** The arm's index for a branch edge, -1 otherwise. */
  readonly arm: number;
  /** JSON path of the reference, e.g. `steps[3].after[0]`. */
  readonly path: string;
}

/** What `GraphReport.edges` adds to a `FlowEdge`: the branch arm's condition and the type the edge carries. */
export interface EdgeFacts {
  /** For a branch edge: the arm's condition text; absent for the else arm. */
  readonly condition?: string;
  /**
   * The type the downstream step receives from the upstream one, as `formatValueType` writes it:
   * the upstream task's declared output for an `after` or `branch` edge, the step error
   * `record{code: string, message: string}` for an `onError` edge. Absent when the upstream
   * task's types are unknown (the graph was analysed without them, or the task is not registered).
   */
  readonly carries?: string;
}

/** One edge of a flow's graph report: every reference between two steps, as the definition lists them. */
export type ReportedEdge = FlowEdge & EdgeFacts;
