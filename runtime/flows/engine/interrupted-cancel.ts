import type { RunRow, RunStore, RunWrite } from "../../store/index.js";
import { parseFlowDefinition } from "../definition/index.js";
import { cancelledError } from "./events.js";
import { RunJournal } from "./run-journal.js";

/**
 * Records a run whose process is gone as cancelled, with every step it had not finished, in the
 * caller's transaction (which claimed it): its history ends as a run cancelled here would.
 */
export function cancelInterruptedRun(
  store: RunStore,
  apply: (write: RunWrite) => void,
  row: RunRow,
  stepIds: readonly string[],
): void {
  // Nothing of this process follows the run: its history is read back from the store.
  const ignore = (): void => {};
  const journal = new RunJournal(store, row.id, store.lastSeq(row.id), ignore, ignore);
  const at = new Date().toISOString();
  apply({ kind: "interrupt-attempts", runId: row.id, at });
  const settled = new Map(store.steps(row.id).map((step) => [step.step_id, step] as const));
  const reason = "the run was cancelled while its process was gone";
  for (const id of stepIds) {
    const step = settled.get(id);
    if (step !== undefined && step.status !== "running") continue;
    journal.stepSettled(id, step?.attempts ?? 0, { status: "cancelled", reason });
  }
  journal.runFinished({ status: "cancelled", error: cancelledError });
  journal.commitIn(apply);
}

/** The step ids of a run's stored definition. */
export function stepIdsOf(definition: string): string[] {
  return parseFlowDefinition(JSON.parse(definition)).steps.map((step) => step.id);
}
