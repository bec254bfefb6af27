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
    case "tuple":
      return `tuple<${type.elements.map(formatValueType).join(", ")}>`;
    case "enum":
      return `enum{${type.cases.join(", ")}}`;
    case "flags":
      return `flags{${type.flags.join(", ")}}`;
    case "variant":
      return `variant{${type.cases
        .map((c) => (c.type === undefined ? c.name : `${c.name}(${formatValueType(c.type)})`))
        .join(", ")}}`;
    case "result":
      if (type.ok === undefined && type.err === undefined) return "result";
      if (type.err === undefined) return `result<${formatValueType(type.ok as ValueType)}>`;
      return `result<${type.ok === undefined ? "_" : formatValueType(type.ok)}, ${formatValueType(type.err)}>`;
    default:
      return type.kind;
  }
}
