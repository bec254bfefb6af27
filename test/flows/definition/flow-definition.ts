import { DefinitionError } from "../../../runtime/errors/index.js";
import { parseFlowDefinition } from "../../../runtime/flows/definition/index.js";

/** A small valid flow file, as JSON.parse would return it; `override` replaces top-level keys. */
export function flowJson(override: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "greet",
    input: { name: "string", count: "s32" },
    steps: [
      { id: "slug", task: "slugify", input: { text: "input.name" } },
      { id: "sum", task: "add@2", after: ["slug"], input: { a: "input.count", b: 1 } },
    ],
    output: { slug: "steps.slug.output" },
    ...override,
  };
}

/** `flowJson` with `patch` merged into its step at `index`. */
export function withStep(index: number, patch: Record<string, unknown>): Record<string, unknown> {
  const json = flowJson();
  const steps = json.steps as Record<string, unknown>[];
  steps[index] = { ...steps[index], ...patch };
  return json;
}

/** The `{ code, path }` of every issue `parseFlowDefinition` throws; fails when it accepts. */
export function definitionIssues(value: unknown): { code: string; path: string }[] {
  try {
    parseFlowDefinition(value);
  } catch (error) {
    if (error instanceof DefinitionError) return error.issues.map(({ code, path }) => ({ code, path }));
    throw error;
  }
  throw new Error("definition was accepted");
}

/** A branch arm `{ if, then }`, written once here because `then` keys look like thenables to the linter. */
export function ifArm(condition: string, targets: readonly string[]): Record<string, unknown> {
  // biome-ignore lint/suspicious/noThenProperty: the flow format's keyword.
  return { if: condition, then: targets };
}
