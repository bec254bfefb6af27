import type { GraphCore } from "./build-graph.js";

/**
 * The flow as a Mermaid flowchart: one node per step (`s_<id>`, so no id collides with a Mermaid
 * keyword such as `end`), labelled with the id and task; `after` edges solid, branch edges
 * labelled `if …` / `else if …` / `else` with the condition's text, onError edges dashed. An
 * `after` edge that repeats a branch or onError link is drawn once, as the link.
 */
export function flowToMermaid(core: GraphCore): string {
  const lines = ["flowchart TD"];
  core.steps.forEach((step, node) => {
    lines.push(`  ${nodeId(core, node)}["${escapeLabel(`${step.id} (${step.task})`)}"]`);
  });
  const links = new Set<string>();
  for (const edges of core.edgesOut) {
    for (const edge of edges) if (edge.kind !== "after") links.add(`${edge.from},${edge.to}`);
  }
  core.edgesOut.forEach((edges) => {
    for (const edge of edges) {
      const from = nodeId(core, edge.from);
      const to = nodeId(core, edge.to);
      if (edge.kind === "onError") {
        lines.push(`  ${from} -.->|"onError"| ${to}`);
      } else if (edge.kind === "branch") {
        lines.push(`  ${from} -->|"${escapeLabel(armLabel(core, edge.from, edge.arm))}"| ${to}`);
      } else if (!links.has(`${edge.from},${edge.to}`)) {
        lines.push(`  ${from} --> ${to}`);
      }
    }
  });
  return `${lines.join("\n")}\n`;
}

function nodeId(core: GraphCore, node: number): string {
  return `s_${core.ids[node]}`;
}

function armLabel(core: GraphCore, node: number, arm: number): string {
  const branch = core.steps[node]?.branch?.[arm];
  if (branch === undefined || !("if" in branch)) return "else";
  return `${arm === 0 ? "if" : "else if"} ${branch.if}`;
}

/**
 * Mermaid reads `"` as the end of a quoted label, `#…;` as an entity and `<…>` as HTML: write
 * each as a numeric entity, and fold line breaks into spaces.
 */
export function escapeLabel(text: string): string {
  return text.replace(/[\r\n]+/g, " ").replace(/["#<>&|`]/g, (char) => `#${char.charCodeAt(0)};`);
}
