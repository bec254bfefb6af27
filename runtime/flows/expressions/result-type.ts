import type { RecordType, ValueType } from "../../values/index.js";
import type { ExpressionType } from "./expression-type.js";

const dyn: ExpressionType = { kind: "dyn" };

/**
 * Reads the library's type text (`int`, `list<string>`, `map<string, dyn>`, `optional<int>`,
 * `record steps.count.output`) back as an expression type; `records` names the registered records.
 */
export function readCelType(text: string, records: ReadonlyMap<string, RecordType>): ExpressionType {
  const name = text.trim();
  const record = records.get(name);
  if (record !== undefined) return record;
  switch (name) {
    case "bool":
    case "string":
    case "bytes":
      return { kind: name };
    case "int":
      return { kind: "s64" };
    case "uint":
      return { kind: "u64" };
    case "double":
      return { kind: "f64" };
    case "null":
      return { kind: "null" };
    case "dyn":
      return dyn;
    case "list":
      return { kind: "list", element: dyn };
    case "map":
      return { kind: "map", key: dyn, value: dyn };
    default:
      break;
  }
  // A single capital letter is a type parameter: the element type of `[]` or `{}`.
  if (/^[A-Z]$/.test(name)) return dyn;
  const generic = /^(list|optional|map|dyn)<(.*)>$/s.exec(name);
  if (generic === null) return { kind: "other", name };
  const [, kind, inner = ""] = generic;
  if (kind === "list") return { kind: "list", element: readCelType(inner, records) };
  if (kind === "optional") return { kind: "option", inner: readCelType(inner, records) };
  if (kind === "dyn") return dyn;
  const [key = "dyn", value = "dyn"] = splitTopLevel(inner);
  return { kind: "map", key: readCelType(key, records), value: readCelType(value, records) };
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === "<") depth += 1;
    else if (c === ">") depth -= 1;
    else if (c === "," && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/**
 * The declared type at a bare path (`input.text`, `steps.count.output.words`), so that reading a
 * field keeps its declared width (`s32`) instead of CEL's `int`. Undefined when the path passes
 * through anything but records.
 */
export function declaredTypeAt(
  path: readonly string[],
  roots: { readonly input: ValueType; readonly steps: ValueType },
): ValueType | undefined {
  const [root, ...rest] = path;
  let type: ValueType | undefined = root === "input" ? roots.input : root === "steps" ? roots.steps : undefined;
  for (const segment of rest) {
    if (type?.kind !== "record") return undefined;
    type = type.fields.find((f) => f.name === segment)?.type;
  }
  return type;
}
