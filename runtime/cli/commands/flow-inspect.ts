import type { Command } from "commander";
import pc from "picocolors";
import { withWasmflow } from "../context.js";
import type { Output } from "../output.js";

export function registerFlowInspect(flow: Command, output: (cmd: Command) => Output): void {
  flow
    .command("inspect")
    .description("show a flow's graph: roots, leaves, branch and convergence points, parallel groups, paths, Mermaid")
    .argument("<flow>", "a registered flow (name or name@revision) or a flow file (*.json)")
    .option("--paths <n>", "list at most this many root-to-leaf paths", "20")
    .action(async (target: string, options: { paths: string }, cmd: Command) => {
      const out = output(cmd);
      const limit = Math.max(0, Math.min(10_000, Number.parseInt(options.paths, 10) || 0));
      const { definition, graph } = await withWasmflow(cmd, (wf) => wf.describeFlow(target));
      const report = { name: definition.name, ...graph.report(limit) };
      out.result(report, () =>
        [
          pc.bold(definition.name),
          `${pc.dim("roots")}        ${graph.roots.join(", ")}`,
          `${pc.dim("leaves")}       ${graph.leaves.join(", ")}`,
          `${pc.dim("branches")}     ${graph.branchPoints.map((b) => `${b.step} → ${b.arms.map((a) => a.targets.join("+")).join(" | ")}`).join("; ") || "none"}`,
          `${pc.dim("convergence")}  ${graph.convergencePoints.map((c) => `${c.step} (${c.join} of ${c.from.join(", ")})`).join("; ") || "none"}`,
          `${pc.dim("parallel")}     ${graph.parallelGroups.map((g) => `[${g.join(", ")}]`).join(" ") || "none"}`,
          pc.dim(`paths${report.pathsTruncated ? ` (first ${limit})` : ""}`),
          ...report.paths.map((p) => `  ${p.join(" → ")}`),
          pc.dim("mermaid"),
          report.mermaid,
        ].join("\n"),
      );
    });
}
