import { stripVTControlCharacters } from "node:util";
import pc from "picocolors";

/** Renders rows as aligned columns; the header is dimmed. Cells may be coloured: widths count visible characters. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const visible = (cell: string) => stripVTControlCharacters(cell).length;
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => visible(r[i] ?? ""))));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c + " ".repeat(Math.max(0, (widths[i] ?? 0) - visible(c))))
      .join("  ")
      .trimEnd();
  return [pc.dim(line(header)), ...rows.map(line)].join("\n");
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
