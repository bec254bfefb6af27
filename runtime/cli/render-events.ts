import pc from "picocolors";
import type { FlowEvent } from "../index.js";
import { table } from "./format.js";

/** `runs show --events`: the run's history, one line per event, in order. */
export function renderEvents(events: readonly FlowEvent[]): string {
  if (events.length === 0) return pc.dim("no events recorded");
  const first = events[0]?.at ?? 0;
  return table(
    ["SEQ", "AT", "EVENT", "STEP", "DETAIL"],
    events.map((event) => [
      String(event.seq),
      `+${event.at - first} ms`,
      event.type,
      "step" in event ? event.step : "",
      detailOf(event),
    ]),
  );
}

function detailOf(event: FlowEvent): string {
  switch (event.type) {
    case "run-started":
      return `${event.resumed ? "resumed" : "started"} ${event.flow}, ${event.steps.length} steps`;
    case "step-started":
      return `attempt ${event.attempt} of ${event.task}`;
    case "step-retrying":
      return `attempt ${event.attempt} [${event.error.code}]; again in ${Math.round(event.delayMs)} ms`;
    case "step-skipped":
      return event.reason;
    case "step-completed":
      return `attempt ${event.attempt}, ${event.durationMs.toFixed(1)} ms${event.arm === undefined ? "" : `, took arm ${event.arm}`}`;
    case "step-failed":
      return `attempt ${event.attempt} [${event.error.code}] ${firstLine(event.error.message)}${event.handled ? " (handled)" : ""}`;
    case "step-cancelled":
      return event.reason ?? `attempt ${event.attempt} stopped`;
    case "run-completed":
      return "";
    case "run-failed":
      return `[${event.error.code}]${event.error.step === undefined ? "" : ` at step ${event.error.step}`}`;
    case "run-cancelled":
      return "";
  }
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? "";
}
