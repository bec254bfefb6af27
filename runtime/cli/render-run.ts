import pc from "picocolors";
import type { RunDetails, RunSummary } from "../index.js";
import { table } from "./format.js";

const statusColour: Record<string, (text: string) => string> = {
  succeeded: pc.green,
  failed: pc.red,
  cancelled: pc.yellow,
  interrupted: pc.yellow,
  running: pc.cyan,
  skipped: pc.dim,
  pending: pc.dim,
};

export function colourStatus(status: string): string {
  return (statusColour[status] ?? ((text: string) => text))(status);
}

/** `runs show` and the end of `flow run`: the run, its output or error, and every step. */
export function renderRun(run: RunDetails): string {
  const revision = run.revision === undefined ? "(file)" : `@${run.revision}`;
  const lines = [
    `${pc.bold(`run ${run.id}`)}  ${run.flow}${revision} v${run.version}  ${colourStatus(run.status)}`,
    pc.dim(`started ${run.createdAt}${run.finishedAt === undefined ? "" : `, finished ${run.finishedAt}`}`),
  ];
  if (run.idempotencyKey !== undefined) lines.push(pc.dim(`idempotency key ${run.idempotencyKey}`));
  lines.push(`input   ${JSON.stringify(run.input)}`);
  if (run.output !== undefined) lines.push(`output  ${JSON.stringify(run.output)}`);
  if (run.error !== undefined) {
    const where = run.error.step === undefined ? "" : ` at step ${run.error.step}`;
    lines.push(`${pc.red("error")}   [${run.error.code}]${where} ${run.error.message}`);
  }
  lines.push(
    "",
    table(
      ["STEP", "TASK", "STATUS", "ATTEMPTS", "TIME", "DETAIL"],
      run.steps.map((step) => {
        const time = step.attempts.reduce((sum, a) => sum + (a.durationMs ?? 0), 0);
        const detail =
          step.error !== undefined
            ? `[${step.error.code}] ${step.error.message}`
            : step.reason !== undefined
              ? step.reason
              : step.arm !== undefined
                ? `took arm ${step.arm}`
                : step.output !== undefined
                  ? clip(JSON.stringify(step.output), 60)
                  : "";
        return [
          step.id,
          step.task,
          colourStatus(step.status),
          String(step.attempts.length),
          step.attempts.length === 0 ? "" : `${time.toFixed(1)} ms`,
          detail.split("\n")[0] ?? "",
        ];
      }),
    ),
  );
  const failures = run.steps.flatMap((step) =>
    step.attempts.flatMap((attempt) =>
      attempt.error === undefined || attempt.status === "succeeded"
        ? []
        : [
            `  ${pc.dim(`${step.id}#${attempt.attempt}`)} [${attempt.error.code}] ${indentLines(attempt.error.message)}`,
          ],
    ),
  );
  if (failures.length > 0) lines.push("", "failed attempts", ...failures);
  const logs = run.steps.flatMap((step) =>
    step.attempts.flatMap((attempt) =>
      attempt.logs.map((log) => `  ${pc.dim(`${step.id}#${attempt.attempt}`)} [${log.level}] ${log.message}`),
    ),
  );
  if (logs.length > 0) {
    lines.push("", "guest logs");
    lines.push(...logs.slice(0, maxLogLines));
    if (logs.length > maxLogLines) lines.push(pc.dim(`  … ${logs.length - maxLogLines} more (--json shows all)`));
  }
  return lines.join("\n");
}

/** Guest log lines shown under a run; `--json` has every one. */
const maxLogLines = 20;

export function renderRunList(runs: readonly RunSummary[]): string {
  if (runs.length === 0) return "no runs";
  return table(
    ["RUN", "FLOW", "STATUS", "STARTED", "ERROR"],
    runs.map((run) => [
      run.id,
      `${run.flow}${run.revision === undefined ? "" : `@${run.revision}`}`,
      colourStatus(run.status),
      run.createdAt,
      run.error === undefined ? "" : `[${run.error.code}]${run.error.step === undefined ? "" : ` ${run.error.step}`}`,
    ]),
  );
}

/** A message of several lines (an input's issues) stays under its attempt. */
function indentLines(text: string): string {
  return text.replaceAll("\n", "\n    ");
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
