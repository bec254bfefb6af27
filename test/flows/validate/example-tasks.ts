import { fileURLToPath } from "node:url";
import { DefinitionError, type Issue } from "../../../runtime/errors/index.js";
import type { StepTaskTypes } from "../../../runtime/flows/check/index.js";
import { parseFlowDefinition } from "../../../runtime/flows/definition/index.js";
import { type TaskTypeLookup, validateFlow } from "../../../runtime/flows/index.js";
import { findTaskDefinitionFiles, loadTaskDefinition } from "../../../runtime/tasks/index.js";

const root = fileURLToPath(new URL("../../..", import.meta.url));

/** The example tasks' declared types, looked up as the registry would: `name` or `name@N`, with the names listed. */
export async function exampleTasks(): Promise<TaskTypeLookup> {
  const tasks = new Map<string, StepTaskTypes>();
  for (const file of await findTaskDefinitionFiles(root)) {
    const { definition } = await loadTaskDefinition(file);
    tasks.set(definition.name, { input: definition.inputType, output: definition.outputType });
  }
  const lookup = (reference: string) => (reference.includes("@") ? undefined : tasks.get(reference));
  return Object.assign(lookup, { names: () => [...tasks.keys()].sort() });
}

/** `flows/score-text.flow.json`, with `change` applied to a copy. */
export function scoreText(change: (flow: ScoreText) => void = () => {}): ScoreText {
  const flow: ScoreText = {
    name: "score-text",
    input: { text: "string" },
    steps: [
      { id: "count", task: "word-count", input: { text: "input.text" } },
      {
        id: "score",
        task: "score",
        after: ["count"],
        input: { words: "steps.count.output.words", vowels: "steps.count.output.vowels" },
      },
      { id: "slug", task: "slugify", after: ["score"], input: { text: "steps.score.output.label" } },
    ],
    output: { words: "steps.count.output.words", label: "steps.score.output.label" },
  };
  change(flow);
  return flow;
}

export interface ScoreText {
  name: string;
  input: Record<string, string>;
  steps: { id: string; task: string; after?: string[]; input: Record<string, unknown> }[];
  output: Record<string, unknown>;
}

/** The error `validateFlow` throws for `json`, parsed and checked against `tasks`; fails when it is accepted. */
export function refusal(json: unknown, tasks: TaskTypeLookup): DefinitionError {
  try {
    validateFlow(parseFlowDefinition(json), tasks, "score-text.flow.json");
  } catch (error) {
    if (error instanceof DefinitionError) return error;
    throw error;
  }
  throw new Error("the flow was accepted");
}

/** An issue as a test compares it: what the user reads and where, with how many problems were folded under it. */
export function shown(issue: Issue): { path: string; at?: string; message: string; folded?: number } {
  return {
    path: issue.path,
    ...(issue.at === undefined ? {} : { at: issue.at }),
    message: issue.message,
    ...(issue.folded === undefined ? {} : { folded: issue.folded.length }),
  };
}
