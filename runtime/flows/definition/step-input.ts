import type { Mapping, StepInput } from "./flow-schema.js";

/**
 * What a step's `input` says, by its JSON kind: a mapping fills a record input field by field;
 * an expression or a literal is the whole input.
 */
export type StepInputForm =
  | { readonly kind: "mapping"; readonly mapping: Mapping }
  | { readonly kind: "expression"; readonly text: string }
  | { readonly kind: "literal"; readonly value: unknown };

export function stepInputForm(input: StepInput): StepInputForm {
  if (typeof input === "string") return { kind: "expression", text: input };
  if (typeof input === "object" && input !== null && !Array.isArray(input)) return { kind: "mapping", mapping: input };
  return { kind: "literal", value: input };
}

/**
 * The expressions of a step's input with where each is written (`base` is the input's own path):
 * `${base}.<field>` for a mapping's, `base` itself for a whole-input expression.
 */
export function stepInputExpressions(input: StepInput, base: string): [path: string, text: string][] {
  const form = stepInputForm(input);
  if (form.kind === "expression") return [[base, form.text]];
  if (form.kind === "literal") return [];
  return Object.entries(form.mapping).flatMap(([field, value]): [string, string][] =>
    typeof value === "string" ? [[`${base}.${field}`, value]] : [],
  );
}
