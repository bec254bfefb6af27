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
