import pc from "picocolors";
import type { FlowEvent } from "../index.js";

type StepLine =
  | { readonly state: "pending" }
  | { readonly state: "running"; readonly attempt: number }
  | { readonly state: "retrying"; readonly attempt: number; readonly code: string; readonly delayMs: number }
  | { readonly state: "succeeded"; readonly attempt: number; readonly durationMs: number; readonly arm?: number }
  | { readonly state: "failed"; readonly code: string; readonly message: string; readonly handled: boolean }
  | { readonly state: "skipped"; readonly reason: string }
  | { readonly state: "cancelled"; readonly attempt?: number; readonly reason?: string };

type LiveRegion = ((text: string) => void) & { done(): void };

type State = StepLine["state"];

const frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/** How often the board is redrawn (and its spinner turns) while events arrive: at most this often. */
const redrawMs = 80;
/** Most rows of steps a board shows; a flow with more steps shows a bounded board (see `boardRows`). */
export const maxBoardRows = 30;
/** Most failed steps a bounded board lists, the latest ones. */
const maxFailureRows = 5;

/**
 * Live progress of a flow run on stderr. On a terminal, a board redrawn in place (log-update) at
 * most every `redrawMs`: every step while they fit in `maxBoardRows` (and the terminal), else the
 * latest failures, the steps running and a count of the rest. Otherwise one plain line per event,
 * so logs and CI output stay readable. Silent with `--json`, where stdout carries the one result
 * document. Each event costs the same whatever the size of the flow: the states are counted as
 * they change, and a redraw reads no more steps than it shows.
 */
export class FlowProgress {
  private readonly lines = new Map<string, StepLine>();
  /** How many steps are in each state. */
  private readonly counts: Record<State, number> = {
    pending: 0,
    running: 0,
    retrying: 0,
    succeeded: 0,
    failed: 0,
    skipped: 0,
    cancelled: 0,
  };
  /** Steps running or waiting to retry, in the order they started. */
  private readonly active = new Set<string>();
  /** Steps that failed, in the order they failed (a bounded board shows the latest). */
  private readonly failures: string[] = [];
  /** The longest step id: the board's first column. */
  private width = 4;
  private live: LiveRegion | undefined;
  private ticker: NodeJS.Timeout | undefined;
  private frame = 0;
  private runId = "";
  private flow = "";

  private constructor(
    private readonly mode: "live" | "lines" | "off",
    private readonly stream: NodeJS.WriteStream,
  ) {}

  /** Picks the display for this process: live on a TTY, plain lines otherwise, none for JSON. */
  static async forOutput(json: boolean, stream: NodeJS.WriteStream = process.stderr): Promise<FlowProgress> {
    if (json) return new FlowProgress("off", stream);
    if (stream.isTTY !== true || process.env.CI !== undefined) return new FlowProgress("lines", stream);
    const progress = new FlowProgress("live", stream);
    // log-update is loaded only where it draws: it costs ~100 ms to import.
    const { createLogUpdate } = await import("log-update");
    progress.live = createLogUpdate(stream);
    return progress;
  }

  readonly onEvent = (event: FlowEvent): void => {
    if (this.mode === "off") return;
    this.apply(event);
    if (this.mode === "lines") {
      const line = plainLine(event);
      if (line !== undefined) this.stream.write(`${line}\n`);
      return;
    }
    if (event.type === "run-completed" || event.type === "run-failed" || event.type === "run-cancelled") {
      // The last frame says how the run ended, however recently the board was drawn.
      this.render();
      this.stop();
      return;
    }
    if (event.type === "run-started") this.render();
    // One timer redraws the board and turns the spinner: events in between only change the states.
    // Started again by the events of a run that goes on after another ended (`runs resume` of several).
    if (this.ticker === undefined) {
      this.ticker = setInterval(() => {
        this.frame = (this.frame + 1) % frames.length;
        this.render();
      }, redrawMs);
      this.ticker.unref();
    }
  };

  /** Leaves the last frame on screen and stops redrawing. */
  stop(): void {
    if (this.ticker !== undefined) clearInterval(this.ticker);
    this.ticker = undefined;
    this.live?.done();
  }

  private apply(event: FlowEvent): void {
    switch (event.type) {
      case "run-started":
        this.runId = event.runId;
        this.flow = event.flow;
        for (const step of event.steps) if (!this.lines.has(step)) this.set(step, { state: "pending" });
        break;
      case "step-started":
        this.set(event.step, { state: "running", attempt: event.attempt });
        break;
      case "step-retrying":
        this.set(event.step, {
          state: "retrying",
          attempt: event.attempt,
          code: event.error.code,
          delayMs: event.delayMs,
        });
        break;
      case "step-completed":
        this.set(event.step, {
          state: "succeeded",
          attempt: event.attempt,
          durationMs: event.durationMs,
          ...(event.arm === undefined ? {} : { arm: event.arm }),
        });
        break;
      case "step-failed":
        this.set(event.step, {
          state: "failed",
          code: event.error.code,
          message: event.error.message,
          handled: event.handled,
        });
        break;
      case "step-skipped":
        this.set(event.step, { state: "skipped", reason: event.reason });
        break;
      case "step-cancelled":
        this.set(event.step, {
          state: "cancelled",
          ...(event.attempt === undefined ? {} : { attempt: event.attempt }),
          ...(event.reason === undefined ? {} : { reason: event.reason }),
        });
        break;
      default:
        break;
    }
  }

  /** Records a step's new line, keeping the counts, the running steps and the failures in step with it. */
  private set(id: string, line: StepLine): void {
    const previous = this.lines.get(id);
    if (previous === undefined) this.width = Math.max(this.width, id.length);
    else this.counts[previous.state] -= 1;
    this.counts[line.state] += 1;
    this.lines.set(id, line);
    if (line.state === "running" || line.state === "retrying") this.active.add(id);
    else this.active.delete(id);
    if (line.state === "failed") this.failures.push(id);
  }

  /** The board as it stands: what the next redraw shows. */
  board(): string {
    const { counts } = this;
    const settled = counts.succeeded + counts.failed + counts.skipped + counts.cancelled;
    const header = `${pc.bold(this.flow)} ${pc.dim(`run ${this.runId}`)}  ${settled}/${this.lines.size} steps settled`;
    const room = boardRows(this.stream);
    if (this.lines.size <= room) return [header, ...[...this.lines].map(([id, line]) => this.row(id, line))].join("\n");
    // Too many steps to show: the latest failures, then the steps running, then a count of the rest.
    const shown: string[] = [];
    const failed = this.failures.slice(-Math.min(maxFailureRows, room - 1));
    for (const id of failed) this.pushRow(shown, id);
    for (const id of this.active) {
      if (shown.length >= room - 1) break;
      this.pushRow(shown, id);
    }
    const tally = (["succeeded", "failed", "skipped", "cancelled", "running", "retrying", "pending"] as const)
      .filter((state) => counts[state] > 0)
      .map((state) => `${counts[state]} ${state === "pending" ? "waiting" : state}`)
      .join(", ");
    const footer =
      shown.length === 0 ? `  ${tally}` : `  … and ${this.lines.size - shown.length} more steps; in all: ${tally}`;
    return [header, ...shown, pc.dim(footer)].join("\n");
  }

  private pushRow(rows: string[], id: string): void {
    const line = this.lines.get(id);
    if (line !== undefined) rows.push(this.row(id, line));
  }

  private row(id: string, line: StepLine): string {
    return `  ${this.mark(line)} ${id.padEnd(this.width)}  ${describe(line)}`;
  }

  private render(): void {
    this.live?.(this.board());
  }

  private mark(line: StepLine): string {
    switch (line.state) {
      case "pending":
        return pc.dim("·");
      case "running":
      case "retrying":
        return pc.cyan(frames[this.frame] ?? "*");
      case "succeeded":
        return pc.green("✓");
      case "failed":
        return line.handled ? pc.yellow("✗") : pc.red("✗");
      case "skipped":
        return pc.dim("–");
      case "cancelled":
        return pc.yellow("⊘");
    }
  }
}

/**
 * Rows of steps a board shows: `maxBoardRows`, and on a terminal too short for that, what fits
 * under the header (log-update cuts a frame taller than the terminal from the top).
 */
function boardRows(stream: NodeJS.WriteStream): number {
  const terminal = typeof stream.rows === "number" && stream.rows > 0 ? stream.rows - 2 : maxBoardRows;
  return Math.max(3, Math.min(maxBoardRows, terminal));
}

function describe(line: StepLine): string {
  switch (line.state) {
    case "pending":
      return pc.dim("waiting");
    case "running":
      return line.attempt > 1 ? `running (attempt ${line.attempt})` : "running";
    case "retrying":
      return pc.yellow(`attempt ${line.attempt} failed [${line.code}], retrying in ${line.delayMs} ms`);
    case "succeeded":
      return pc.dim(
        `${line.durationMs.toFixed(1)} ms${line.attempt > 1 ? `, attempt ${line.attempt}` : ""}${line.arm === undefined ? "" : `, took arm ${line.arm}`}`,
      );
    case "failed":
      return `${line.handled ? pc.yellow("failed, handled") : pc.red("failed")} [${line.code}] ${line.message}`;
    case "skipped":
      return pc.dim(`skipped: ${line.reason}`);
    case "cancelled":
      return pc.yellow(
        line.attempt === undefined ? `cancelled: ${line.reason}` : `cancelled (attempt ${line.attempt} stopped)`,
      );
  }
}

/** One line per event, for logs and pipes. */
export function plainLine(event: FlowEvent): string | undefined {
  switch (event.type) {
    case "run-started":
      return `run ${event.runId} of ${event.flow} ${event.resumed ? "resumed" : "started"}`;
    case "step-started":
      return `  step ${event.step} started (attempt ${event.attempt}, ${event.task})`;
    case "step-retrying":
      return `  step ${event.step} attempt ${event.attempt} failed [${event.error.code}]: retrying in ${event.delayMs} ms`;
    case "step-completed":
      return `  step ${event.step} succeeded in ${event.durationMs.toFixed(1)} ms${event.arm === undefined ? "" : ` (took arm ${event.arm})`}`;
    case "step-failed":
      return `  step ${event.step} failed [${event.error.code}] ${event.error.message}${event.handled ? " (handled)" : ""}`;
    case "step-skipped":
      return `  step ${event.step} skipped: ${event.reason}`;
    case "step-cancelled":
      return event.attempt === undefined
        ? `  step ${event.step} cancelled: ${event.reason}`
        : `  step ${event.step} cancelled (attempt ${event.attempt} stopped)`;
    case "run-completed":
      return `run ${event.runId} succeeded`;
    case "run-failed":
      return `run ${event.runId} failed [${event.error.code}]${event.error.step === undefined ? "" : ` at step ${event.error.step}`}`;
    case "run-cancelled":
      return `run ${event.runId} cancelled`;
  }
}
