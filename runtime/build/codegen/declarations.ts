import type { ValueType } from "../../values/index.js";
import type {
  Alias,
  Declaration,
  EnumDeclaration,
  FlagsDeclaration,
  RecordClass,
  ResultClass,
  TupleClass,
  TypeModel,
  VariantClass,
} from "./type-model.js";

/**
 * The AssemblyScript text of the declared types: what a task author reads and builds values
 * with. Every field starts with a default, so `new X()` is always a complete value.
 */
export function declarationsText(model: TypeModel): string[] {
  return [...model.declarations.map((declared) => declarationText(model, declared)), ...model.aliases.map(aliasText)];
}

function declarationText(model: TypeModel, declared: Declaration): string {
  switch (declared.kind) {
    case "record":
      return recordText(model, declared);
    case "tuple":
      return tupleText(model, declared);
    case "enum":
      return enumText(declared);
    case "flags":
      return flagsText(declared);
    case "variant":
      return variantText(model, declared);
    case "result":
      return resultText(model, declared);
  }
}

// Exported under another name rather than `export type`, so the alias also works where a value
// is needed: `new OutputMeta()`, `OutputColor.Red`, `OutputShape.circle(1)`.
function aliasText(alias: Alias): string {
  return `export { ${alias.target} as ${alias.name} };\n`;
}

function field(model: TypeModel, identifier: string, type: ValueType): string {
  return `  ${identifier}: ${model.asType(type)} = ${model.initializer(type)};`;
}

function recordText(model: TypeModel, declared: RecordClass): string {
  const fields = declared.fields.map((f) => field(model, f.identifier, f.type));
  return [`export class ${declared.name} {`, ...fields, "}", ""].join("\n");
}

// The items are constructor parameters with defaults: `new Pair()` and `new Pair(1, "a")` both work.
function tupleText(model: TypeModel, declared: TupleClass): string {
  const items = declared.elements.map(
    (element, i) => `    public _${i}: ${model.asType(element)} = ${model.initializer(element)},`,
  );
  return [`export class ${declared.name} {`, "  constructor(", ...items, "  ) {}", "}", ""].join("\n");
}

function enumText(declared: EnumDeclaration): string {
  const members = declared.members.map((member, i) => `  ${member} = ${i},`);
  return [`export enum ${declared.name} {`, ...members, "}", ""].join("\n");
}

function flagsText(declared: FlagsDeclaration): string {
  const members = declared.members.map((member, i) => `  export const ${member}: u32 = 0x${(2 ** i).toString(16)};`);
  return [`export type ${declared.name} = u32;`, `export namespace ${declared.name} {`, ...members, "}", ""].join("\n");
}

function variantText(model: TypeModel, declared: VariantClass): string {
  const { name, tagEnum } = declared;
  const lines = [
    enumText({ kind: "enum", name: tagEnum, members: declared.cases.map((c) => c.member) }),
    `export class ${name} {`,
    `  tag: ${tagEnum} = ${tagEnum}.${declared.cases[0]?.member};`,
  ];
  for (const c of declared.cases) {
    if (c.field !== undefined && c.type !== undefined) lines.push(field(model, c.field, c.type));
  }
  for (const c of declared.cases) {
    const sets = [`tag = ${tagEnum}.${c.member}`, ...(c.field === undefined ? [] : [`${c.field} = value`])];
    lines.push("", ...staticConstructor(model, name, c.constructorName, c.type, sets));
  }
  lines.push("}", "");
  return lines.join("\n");
}

function resultText(model: TypeModel, declared: ResultClass): string {
  const { name, ok, err } = declared;
  const lines = [`export class ${name} {`, "  isOk: bool = true;"];
  if (ok !== undefined) lines.push(field(model, "ok", ok));
  if (err !== undefined) lines.push(field(model, "err", err));
  lines.push("", ...staticConstructor(model, name, "ok", ok, ok === undefined ? [] : ["ok = value"]));
  lines.push(
    "",
    ...staticConstructor(model, name, "err", err, ["isOk = false", ...(err === undefined ? [] : ["err = value"])]),
  );
  lines.push("}", "");
  return lines.join("\n");
}

/** `static circle(value: f64): Shape`: a new value with the members `sets` assigns. */
function staticConstructor(
  model: TypeModel,
  className: string,
  method: string,
  payload: ValueType | undefined,
  sets: readonly string[],
): string[] {
  const parameter = payload === undefined ? "" : `value: ${model.asType(payload)}`;
  const body =
    sets.length === 0
      ? [`    return new ${className}();`]
      : [`    const made = new ${className}();`, ...sets.map((set) => `    made.${set};`), "    return made;"];
  return [`  static ${method}(${parameter}): ${className} {`, ...body, "  }"];
}
