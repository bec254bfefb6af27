import { type EnumType, formatValueType, type ValueType } from "../../values/index.js";
import { casesOf, type MessageType } from "./cel-shape.js";
import type { ExpressionType } from "./expression-type.js";

const dyn: ExpressionType = { kind: "dyn" };

/**
 * Reads the library's type text (`int`, `list<string>`, `map<string, dyn>`, `optional<int>`,
 * `record steps.count.output`, `variant input.shape`) back as an expression type; `records` names
 * the registered message types.
 */
export function readCelType(text: string, records: ReadonlyMap<string, MessageType>): ExpressionType {
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

/** The declared types of the two variables an expression reads. */
export interface DeclaredRoots {
  readonly input: ValueType;
  readonly steps: ValueType;
}

/** One segment of a bare path: a field name, or a literal index (`input.pair[0]`). */
export type PathSegment = string | number;

/**
 * The declared type at a bare path (`input.text`, `steps.count.output.words`), so that reading a
 * field keeps its declared width (`s32`) instead of CEL's `int`. The path may go through records,
 * flags (a flag is a `bool`), variants and results (`tag` is the enum of their case names, `val`
 * the type of the value their cases carry when they all carry the same) and tuples read at a
 * literal index. Undefined when it passes through anything else.
 */
export function declaredTypeAt(path: readonly PathSegment[], roots: DeclaredRoots): ValueType | undefined {
  const [root, ...rest] = path;
  let type: ValueType | undefined = root === "input" ? roots.input : root === "steps" ? roots.steps : undefined;
  for (const segment of rest) {
    if (type === undefined) return undefined;
    type = memberType(type, segment);
  }
  return type;
}

/** The declared type of one member of `type`: a field, a flag, a variant's `tag` or `val`, a tuple item. */
export function memberType(type: ValueType, segment: PathSegment): ValueType | undefined {
  switch (type.kind) {
    case "record":
      return typeof segment === "string" ? type.fields.find((f) => f.name === segment)?.type : undefined;
    case "flags":
      return typeof segment === "string" && type.flags.includes(segment) ? { kind: "bool" } : undefined;
    case "tuple":
      return typeof segment === "number" ? type.elements[segment] : undefined;
    case "variant":
    case "result":
      if (segment === "tag") return tagType(type);
      return segment === "val" ? valueType(type) : undefined;
    default:
      return undefined;
  }
}

const tagTypes = new WeakMap<ValueType, EnumType>();

/** A variant's `tag`: a string naming one of its cases, an enum of their names. */
function tagType(type: Extract<ValueType, { kind: "variant" | "result" }>): EnumType {
  let tag = tagTypes.get(type);
  if (tag === undefined) {
    tag = { kind: "enum", cases: casesOf(type).map((c) => c.name) };
    tagTypes.set(type, tag);
  }
  return tag;
}

/** A variant's `val`: the type its cases carry, when those that carry a value all carry the same type. */
function valueType(type: Extract<ValueType, { kind: "variant" | "result" }>): ValueType | undefined {
  const carried = casesOf(type).flatMap((c) => (c.type === undefined ? [] : [c.type]));
  const [first] = carried;
  if (first === undefined) return undefined;
  const text = formatValueType(first);
  return carried.every((t) => t === first || formatValueType(t) === text) ? first : undefined;
}
