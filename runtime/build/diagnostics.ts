import { isAbsolute, relative, resolve, sep } from "node:path";
import type { DiagnosticMessage } from "assemblyscript/asc";
import type { Issue } from "../errors/index.js";

/** AssemblyScript's DiagnosticCategory values. */
export const diagnosticCategory = { warning: 2, error: 3 } as const;

/**
 * The text of every file the compiler read, so that a diagnostic's character offset can be shown
 * as `file:line:column`.
 */
export class SourceTexts {
  private readonly texts = new Map<string, string>();
  private readonly lineStarts = new Map<string, number[]>();

  constructor(private readonly root: string) {}

  remember(path: string, text: string): void {
    this.texts.set(path, text);
  }

  /** Where a diagnostic points, relative to the project root: `tasks/x/index.ts:12:5`. */
  locate(normalizedPath: string, offset: number, library: Readonly<Record<string, string>>): string {
    const isLibrary = normalizedPath.startsWith("~lib/");
    const absolute = isLibrary ? normalizedPath : resolve(this.root, normalizedPath);
    const text = isLibrary ? library[normalizedPath.slice(5).replace(/\.ts$/, "")] : this.texts.get(absolute);
    const shown = isLibrary ? normalizedPath : this.display(absolute);
    if (text === undefined) return shown;
    const { line, column } = this.position(absolute, text, offset);
    return `${shown}:${line}:${column}`;
  }

  display(absolute: string): string {
    return displayPath(this.root, absolute);
  }

  private position(key: string, text: string, offset: number): { line: number; column: number } {
    let starts = this.lineStarts.get(key);
    if (starts === undefined) {
      starts = [0];
      for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
      this.lineStarts.set(key, starts);
    }
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - (starts[low] ?? 0) + 1 };
  }
}

/** A path as the build reports it: relative to the root (with `/`) when inside it, absolute otherwise. */
export function displayPath(root: string, absolute: string): string {
  const rel = relative(root, absolute);
  if (rel === "" || rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return absolute;
  return rel.split(sep).join("/");
}

/** One compiler diagnostic as a build issue. */
export function diagnosticIssue(
  diagnostic: DiagnosticMessage,
  texts: SourceTexts,
  fallbackPath: string,
  library: Readonly<Record<string, string>>,
): Issue {
  const range = diagnostic.range;
  const path = range === null ? fallbackPath : texts.locate(range.source.normalizedPath, range.start, library);
  const code = diagnostic.category === diagnosticCategory.error ? "COMPILE_ERROR" : "COMPILE_WARNING";
  const prefix = diagnostic.code < 1000 ? "AS" : "TS";
  return { code, path, message: `${diagnostic.message} (${prefix}${diagnostic.code})` };
}
