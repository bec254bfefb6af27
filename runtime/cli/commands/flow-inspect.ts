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
      const paths = graph.paths(limit);
      const report = {
        name: definition.name,
        steps: graph.steps,
        order: graph.order,
        roots: graph.roots,
        leaves: graph.leaves,
        branchPoints: graph.branchPoints,
        convergencePoints: graph.convergencePoints,
        errorPaths: graph.errorPaths,
        parallelGroups: graph.parallelGroups,
        paths: paths.paths,
        pathsTruncated: paths.truncated,
        mermaid: graph.toMermaid(),
      };
      out.result(report, () =>
        [
          pc.bold(definition.name),
          `${pc.dim("roots")}        ${graph.roots.join(", ")}`,
          `${pc.dim("leaves")}       ${graph.leaves.join(", ")}`,
          `${pc.dim("branches")}     ${graph.branchPoints.map((b) => `${b.step} → ${b.arms.map((a) => a.targets.join("+")).join(" | ")}`).join("; ") || "none"}`,
          `${pc.dim("convergence")}  ${graph.convergencePoints.map((c) => `${c.step} (${c.join} of ${c.from.join(", ")})`).join("; ") || "none"}`,
          `${pc.dim("parallel")}     ${graph.parallelGroups.map((g) => `[${g.join(", ")}]`).join(" ") || "none"}`,
          pc.dim(`paths${paths.truncated ? ` (first ${limit})` : ""}`),
          ...paths.paths.map((p) => `  ${p.join(" → ")}`),
          pc.dim("mermaid"),
          graph.toMermaid(),
        ].join("\n"),
      );
    });
}
