import { existsSync } from "node:fs";
import type { Command } from "commander";
import pc from "picocolors";
import { formatSignature, inspectModuleFile, type ModuleInfo } from "../../index.js";
import { withWasmflow } from "../context.js";
import { formatBytes } from "../format.js";
import type { Output } from "../output.js";

export function registerTaskInspect(task: Command, output: (cmd: Command) => Output): void {
  task
    .command("inspect")
    .description("show a module's imports, exports with core signatures, memories, tables and custom sections")
    .argument("<module>", "a .wasm file, or a registered task reference")
    .action(async (target: string, _options: unknown, cmd: Command) => {
      const out = output(cmd);
      const info =
        target.endsWith(".wasm") || existsSync(target)
          ? await inspectModuleFile(target)
          : await withWasmflow(cmd, (wf) => wf.tasks.inspect(target));
      out.result(moduleInfoJson(info), () => renderModuleInfo(target, info));
    });
}

function moduleInfoJson(info: ModuleInfo) {
  return {
    ...info,
    customSections: info.customSections.map((s) => ({ name: s.name, size: s.data.byteLength })),
  };
}

function limitsText(limits: { initial: number; maximum?: number; shared: boolean }): string {
  return `${limits.initial}..${limits.maximum ?? "∞"}${limits.shared ? " shared" : ""}`;
}

function renderModuleInfo(target: string, info: ModuleInfo): string {
  const lines = [`${pc.bold(target)} ${pc.dim(`${formatBytes(info.size)}, ${info.definedFunctions} functions`)}`];
  lines.push(pc.dim("imports"));
  for (const i of info.imports) {
    const type = i.kind === "func" || i.kind === "tag" ? formatSignature(i.type) : JSON.stringify(i.type);
    lines.push(`  ${i.module}.${i.name}  ${i.kind} ${type}`);
  }
  if (info.imports.length === 0) lines.push("  (none)");
  lines.push(pc.dim("exports"));
  for (const e of info.exports) {
    let type: string;
    if (e.kind === "func" || e.kind === "tag") type = formatSignature(e.type);
    else if (e.kind === "memory") type = `${limitsText(e.type)} pages`;
    else if (e.kind === "table") type = `${e.type.element} ${limitsText(e.type.limits)}`;
    else type = `${e.type.mutable ? "mut " : ""}${e.type.type}`;
    lines.push(`  ${e.name}  ${e.kind} ${type}`);
  }
  lines.push(pc.dim("memories"));
  info.memories.forEach((m, i) => {
    lines.push(`  [${i}] ${limitsText(m)} pages`);
  });
  if (info.tables.length > 0)
    lines.push(pc.dim("tables"), ...info.tables.map((t, i) => `  [${i}] ${t.element} ${limitsText(t.limits)}`));
  if (info.startFunction !== undefined) lines.push(`${pc.dim("start")} function ${info.startFunction}`);
  if (info.customSections.length > 0) {
    lines.push(
      pc.dim("custom sections"),
      ...info.customSections.map((s) => `  ${s.name} (${formatBytes(s.data.byteLength)})`),
    );
  }
  return lines.join("\n");
}
