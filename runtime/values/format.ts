import type { ValueType } from "./value-type.js";

/**
 * The canonical text of a type, e.g. `record{text: string, tags: list<string>}`. Two declarations
 * denote the same type exactly when their canonical texts are equal, so this is also what the
 * sdk self-description carries and what registration compares.
 */
export function formatValueType(type: ValueType): string {
  switch (type.kind) {
    case "list":
      return `list<${formatValueType(type.element)}>`;
    case "option":
      return `option<${formatValueType(type.inner)}>`;
    case "record":
      return `record{${type.fields.map((f) => `${f.name}: ${formatValueType(f.type)}`).join(", ")}}`;
    default:
      return type.kind;
  }
}
