import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** A fenced code block of the README, with the line its fence opens on. */
export interface CodeBlock {
  readonly lang: string;
  readonly code: string;
  readonly line: number;
}

export const readmePath = fileURLToPath(new URL("../../README.md", import.meta.url));

/** Every fenced block of the README, in order. */
export function readmeBlocks(text = readFileSync(readmePath, "utf8")): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i] as string);
    if (open === null) continue;
    const start = i;
    const body: string[] = [];
    for (i += 1; i < lines.length && !/^```\s*$/.test(lines[i] as string); i++) body.push(lines[i] as string);
    blocks.push({ lang: open[1] ?? "", code: `${body.join("\n")}\n`, line: start + 1 });
  }
  return blocks;
}

/** A TypeScript block that is a task's AssemblyScript source (it imports the generated glue). */
export function isGuestSource(block: CodeBlock): boolean {
  return block.lang === "ts" && /from "\.\/index\.gen"/.test(block.code);
}
