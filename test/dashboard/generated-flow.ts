import type { FlowShown } from "../../dashboard/src/api/wasmflow.js";
import { type FlowDefinition, parseFlowDefinition, parseValueType, validateFlow } from "../../runtime/index.js";

const textTask = { input: parseValueType({ text: "string" }), output: parseValueType("string") };

/**
 * A flow of `blocks` × 10 steps, each block every shape the graph draws: a branch with an else
 * arm converging on a none-failed join, an error path, a fan-out of three joined again; blocks
 * chained one after the other. Every step runs `text` (string in, string out).
 */
export function generatedFlow(blocks: number): FlowDefinition {
  const steps: unknown[] = [];
  const input = { text: "input.text" };
  for (let b = 0; b < blocks; b++) {
    const id = (k: number) => `b${b}_${k}`;
    steps.push(
      {
        id: id(0),
        task: "text",
        input,
        after: b === 0 ? [] : [`b${b - 1}_9`],
        // biome-ignore lint/suspicious/noThenProperty: the flow format's keyword; the object is never awaited.
        branch: [{ if: `steps.${id(0)}.output == 'x'`, then: [id(1)] }, { else: [id(2)] }],
      },
      { id: id(1), task: "text", input },
      { id: id(2), task: "text", input, retry: { maxAttempts: 3 } },
      { id: id(3), task: "text", input, after: [id(1), id(2)], join: "none-failed", onError: [id(4)] },
      { id: id(4), task: "text", input },
      { id: id(5), task: "text", input, after: [id(3)] },
      { id: id(6), task: "text", input, after: [id(5)] },
      { id: id(7), task: "text", input, after: [id(5)] },
      { id: id(8), task: "text", input, after: [id(5)] },
      { id: id(9), task: "text", input, after: [id(6), id(7), id(8)] },
    );
  }
  return parseFlowDefinition({
    name: "generated",
    version: "1.0.0",
    input: { text: "string" },
    steps,
    output: {},
  });
}

/** The flow as the server shows it (a JSON round trip of the graph report), without registering it. */
export function shownFlow(definition: FlowDefinition): FlowShown {
  const graph = validateFlow(definition, (reference) => (reference === "text" ? textTask : undefined));
  return {
    flow: {
      name: definition.name,
      revision: 1,
      version: definition.version,
      definition,
      definitionHash: "0".repeat(64),
      createdAt: new Date(0).toISOString(),
    },
    graph: JSON.parse(JSON.stringify(graph.report(0))),
  };
}
