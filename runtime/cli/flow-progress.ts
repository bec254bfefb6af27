import pc from "picocolors";
import type { FlowEvent } from "../flows/index.js";

type StepLine =
  | { readonly state: "pending" }
  | { readonly state: "running"; readonly attempt: number }
  | { readonly state: "retrying"; readonly attempt: number; readonly code: string; readonly delayMs: number }
  | { readonly state: "succeeded"; readonly attempt: number; readonly durationMs: number; readonly arm?: number }
  | { readonly state: "failed"; readonly code: string; readonly message: string; readonly handled: boolean }
  | { readonly state: "skipped"; readonly reason: string }
  | { readonly state: "cancelled"; readonly attempt?: number; readonly reason?: string };

type LiveRegion = ((text: string) => void) & { done(): void };

const frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/**
 * Live progress of a flow run on stderr. On a terminal, a board of every step redrawn in place
 * (log-update); otherwise one plain line per event, so logs and CI output stay readable. Silent
 * with `--json`, where stdout carries the one result document.
 */
export class FlowProgress {
  private readonly lines = new Map<string, StepLine>();
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
    this.render();
    if (event.type === "run-started" && this.ticker === undefined) {
      this.ticker = setInterval(() => {
        this.frame = (this.frame + 1) % frames.length;
        this.render();
      }, 80);
      this.ticker.unref();
    }
    if (event.type === "run-completed" || event.type === "run-failed" || event.type === "run-cancelled") this.stop();
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
        for (const step of event.steps) if (!this.lines.has(step)) this.lines.set(step, { state: "pending" });
        break;
      case "step-started":
        this.lines.set(event.step, { state: "running", attempt: event.attempt });
        break;
      case "step-retrying":
        this.lines.set(event.step, {
          state: "retrying",
          attempt: event.attempt,
          code: event.error.code,
          delayMs: event.delayMs,
        });
        break;
      case "step-completed":
        this.lines.set(event.step, {
          state: "succeeded",
          attempt: event.attempt,
          durationMs: event.durationMs,
          ...(event.arm === undefined ? {} : { arm: event.arm }),
        });
        break;
      case "step-failed":
        this.lines.set(event.step, {
          state: "failed",
          code: event.error.code,
          message: event.error.message,
          handled: event.handled,
        });
        break;
      case "step-skipped":
        this.lines.set(event.step, { state: "skipped", reason: event.reason });
        break;
      case "step-cancelled":
        this.lines.set(event.step, {
          state: "cancelled",
          ...(event.attempt === undefined ? {} : { attempt: event.attempt }),
          ...(event.reason === undefined ? {} : { reason: event.reason }),
        });
        break;
      default:
        break;
    }
  }

  private render(): void {
    const settled = [...this.lines.values()].filter(
      (line) =>
        line.state === "succeeded" || line.state === "failed" || line.state === "skipped" || line.state === "cancelled",
    ).length;
    const width = Math.max(...[...this.lines.keys()].map((id) => id.length), 4);
    const header = `${pc.bold(this.flow)} ${pc.dim(`run ${this.runId}`)}  ${settled}/${this.lines.size} steps settled`;
    const rows = [...this.lines].map(([id, line]) => `  ${this.mark(line)} ${id.padEnd(width)}  ${describe(line)}`);
    this.live?.([header, ...rows].join("\n"));
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
