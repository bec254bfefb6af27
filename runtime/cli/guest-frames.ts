import { TaskRunError } from "../index.js";

interface Position {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * The lines under a failed call's error that show the guest's stack in source terms
 * (`details.frames`): the message names the innermost place, these the calls that led there.
 * Worded as the guest's calls, not as a stack trace of wasmflow's own, which a user never sees.
 */
export function guestFrameLines(error: unknown): string[] {
  if (!(error instanceof TaskRunError)) return [];
  const frames = error.details.frames;
  if (!Array.isArray(frames) || frames.length === 0 || !frames.every(isPosition)) return [];
  const [innermost, ...callers] = frames.map(render);
  // A trap with no frame in the task's own code names no place in its message.
  const named = error.details.source !== undefined || error.code === "GUEST_ABORT";
  const lines = named || innermost === undefined ? [] : [`  in ${innermost}`];
  // A recursion that overflowed the stack is one call many times over: said once, with a count.
  let index = 0;
  while (index < callers.length) {
    const caller = callers[index] as string;
    let count = 1;
    while (callers[index + count] === caller) count++;
    lines.push(`  called from ${caller}${count > 1 ? ` (× ${count})` : ""}`);
    index += count;
  }
  return lines;
}

function render(frame: Position): string {
  const library = (frame as { library?: unknown }).library;
  const through = Array.isArray(library) && library.every(isPosition) ? library.map(format).join(", ") : "";
  return `${format(frame)}${through === "" ? "" : ` (${through})`}`;
}

function isPosition(value: unknown): value is Position {
  if (typeof value !== "object" || value === null) return false;
  const { file, line, column } = value as Record<string, unknown>;
  return typeof file === "string" && typeof line === "number" && typeof column === "number";
}

function format(position: Position): string {
  return `${position.file}:${position.line}:${position.column}`;
}
