import type { Issue } from "../../errors/index.js";
import { originalPosition } from "./bundle-positions.js";

export interface FailureContext {
  readonly root: string;
  readonly source: string;
  readonly display: (path: string) => string;
  /** The bundle's name in componentize-js's messages, and its source map. */
  readonly fileName: string;
  readonly sourceMap: string;
}

/** Lines of componentize-js's message kept in the issue: its first lines say what went wrong. */
const maxMessageLines = 6;

/**
 * A componentize-js failure as a COMPILE_ERROR. When the engine names a place in the bundle
 * (`index.js:2:7 Error: boom`, from top-level code that threw while wizer initialised the
 * engine), the issue names the same place in the task's own file.
 */
export function componentizeIssue(message: string, context: FailureContext): Issue {
  const lines = message
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("Failed to initialize component ("));
  const shownSource = context.display(context.source);
  const located = locate(lines, context);
  const text = lines
    .slice(0, maxMessageLines)
    .map((line) =>
      located !== undefined && line.startsWith(located.prefix) ? line.slice(located.prefix.length) : line,
    )
    .join("; ");
  return {
    code: "COMPILE_ERROR",
    path: located?.position ?? shownSource,
    message: `componentize-js: ${text.replaceAll('"source.js"', `"${shownSource}"`)}`,
  };
}

function locate(
  lines: readonly string[],
  context: FailureContext,
): { readonly prefix: string; readonly position: string } | undefined {
  const escaped = context.fileName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(`^@?${escaped}:(\\d+):(\\d+)\\s*`);
  for (const line of lines) {
    const match = pattern.exec(line);
    if (match === null) continue;
    const position = originalPosition(
      context.sourceMap,
      Number(match[1]),
      Number(match[2]),
      context.root,
      context.display,
    );
    if (position !== undefined) return { prefix: match[0], position };
  }
  return undefined;
}
