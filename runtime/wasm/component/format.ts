import type { WitFunction, WitType } from "./types.js";

/**
 * A WIT type as text in the syntax wasmflow declares value types with (`record{words: u32}`,
 * `result<_, string>`), so it reads beside a declared type: `list<u8>` stays `list<u8>` (a
 * declaration's `bytes`), and what wasmflow has no type for reads as WIT says it
 * (`s8`, `own<file>`, `list<u32, 4>`, `stream<u8>`).
 */
export function formatWitType(type: WitType): string {
  switch (type.kind) {
    case "list":
      return type.length === undefined
        ? `list<${formatWitType(type.element)}>`
        : `list<${formatWitType(type.element)}, ${type.length}>`;
    case "option":
      return `option<${formatWitType(type.inner)}>`;
    case "record":
      return `record{${type.fields.map((f) => `${f.name}: ${formatWitType(f.type)}`).join(", ")}}`;
    case "tuple":
      return `tuple<${type.elements.map(formatWitType).join(", ")}>`;
    case "enum":
      return `enum{${type.cases.join(", ")}}`;
    case "flags":
      return `flags{${type.flags.join(", ")}}`;
    case "variant":
      return `variant{${type.cases
        .map((c) => (c.type === undefined ? c.name : `${c.name}(${formatWitType(c.type)})`))
        .join(", ")}}`;
    case "result":
      if (type.ok === undefined && type.err === undefined) return "result";
      if (type.err === undefined) return `result<${formatWitType(type.ok as WitType)}>`;
      return `result<${type.ok === undefined ? "_" : formatWitType(type.ok)}, ${formatWitType(type.err)}>`;
    case "own":
    case "borrow":
      return `${type.kind}<${type.resource}>`;
    case "stream":
    case "future":
      return type.element === undefined ? type.kind : `${type.kind}<${formatWitType(type.element)}>`;
    default:
      return type.kind;
  }
}

/** `func(text: string) -> u32`, `async func()`. */
export function formatWitFunction(func: WitFunction): string {
  const params = func.params.map((p) => `${p.name}: ${formatWitType(p.type)}`).join(", ");
  const result = func.result === undefined ? "" : ` -> ${formatWitType(func.result)}`;
  return `${func.async ? "async " : ""}func(${params})${result}`;
}
