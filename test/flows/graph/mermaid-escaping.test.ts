import { expect, test } from "vitest";
import { analyzeFlow, escapeLabel } from "../../../runtime/flows/graph/index.js";
import { flowOf, ifArm, step } from "./build-flow.js";

test("characters Mermaid would read as syntax become numeric entities", () => {
  expect(escapeLabel('a "b" | c <d> & #e `f`')).toBe("a #34;b#34; #124; c #60;d#62; #38; #35;e #96;f#96;");
  expect(escapeLabel("one\ntwo\r\nthree")).toBe("one two three");
});

test("a condition with quotes and pipes stays inside its edge label", () => {
  const condition = "steps.a.output == \"x|y\" || input.text.startsWith('<b>')";
  const graph = analyzeFlow(flowOf([step("a", { branch: [ifArm(condition, ["end"])] }), step("end")])).graph;
  const line = graph
    ?.toMermaid()
    .split("\n")
    .find((text) => text.includes("s_end") && text.includes("-->"));
  expect(line).toBe(
    "  s_a -->|\"if steps.a.output == #34;x#124;y#34; #124;#124; input.text.startsWith('#60;b#62;')\"| s_end",
  );
});

test("a step named like a Mermaid keyword gets a prefixed node id", () => {
  const graph = analyzeFlow(flowOf([step("end"), step("graph", { after: ["end"] })])).graph;
  expect(graph?.toMermaid()).toContain("  s_end --> s_graph\n");
});

test("an after edge that repeats a branch link is drawn once, as the branch", () => {
  const graph = analyzeFlow(flowOf([step("a", { branch: [ifArm("true", ["b"])] }), step("b", { after: ["a"] })])).graph;
  const edges = graph
    ?.toMermaid()
    .split("\n")
    .filter((text) => text.includes("s_a -"));
  expect(edges).toEqual(['  s_a -->|"if true"| s_b']);
});
