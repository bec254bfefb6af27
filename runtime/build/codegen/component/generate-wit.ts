import { kebabOf } from "../../../components/index.js";
import { BuildError, type Issue } from "../../../errors/index.js";
import type { RecordField, ValueType } from "../../../values/index.js";
import { isFunctionName, NameAllocator } from "../names.js";
import { type Declaration, TypeModel } from "../type-model.js";
import {
  coreExportName,
  type ExportPlace,
  exportPlace,
  isWitLabel,
  sourceFunctionName,
  witIdentifier,
} from "./wit-names.js";

export interface ComponentWitOptions {
  /** The definition's `export`: `run`, or an interface's function such as `wasmflow:task/run@0.1.0#run`. */
  readonly exportName: string;
  readonly inputType: ValueType;
  readonly outputType: ValueType;
  /** Prefixes the paths of the issues, e.g. `tasks/x/x.task.json`: `tasks/x/x.task.json#input.a_1b`. */
  readonly definitionLabel?: string;
  /**
   * Whether the function returns `result<output, string>`, its err the message of a failure, rather
   * than the output alone. The runtime takes such a function for a task of the declared output and
   * fails the call with TASK_FAILED and the message when it returns an err: how a JavaScript task's
   * thrown error keeps its message (a trap would lose it).
   */
  readonly failsWithMessage?: boolean;
}

/** The WIT package a component task is built against, generated from its definition. */
export interface ComponentWit {
  /** The package's WIT text, self-contained: no `use` of another package. */
  readonly text: string;
  /** The world the component targets (in `text`). */
  readonly world: string;
  /** The function's export name in the core module, where wit-component looks for it: `run`, `wasmflow:task/run@0.1.0#run`. */
  readonly coreExport: string;
  /** The name of the task's function in its source (`run`; `char-classes` → `charClasses`): what the glue calls. */
  readonly sourceFunction: string;
  readonly place: ExportPlace;
  /** The WIT name of each declared type, by its AssemblyScript declaration name. */
  readonly typeNames: ReadonlyMap<string, string>;
  /** The model naming the AssemblyScript declarations the WIT names follow. */
  readonly model: TypeModel;
}

const worldName = "task";
const defaultPackage = "wasmflow:task@0.1.0";

/**
 * The WIT of a component task, from the definition's types, declared once for every language:
 * - The export decides where the function is. A bare name (`run`) is the world's own function,
 *   `export run: func(…)`, with the types declared in the world, so a JavaScript source simply
 *   `export function run(input)`. An interface path (`wasmflow:task/run@0.1.0#run`) makes that
 *   package and interface, holding the types and the function, and a world exporting it.
 * - The function takes ONE parameter, `input`, of the input type, whatever that type is. With one
 *   parameter per record field instead, a record input would read as positional arguments in
 *   JavaScript, a task's source would differ between a record input and any other, and renaming a
 *   field would reorder nothing but silently rebind arguments. One `input` keeps the source
 *   `run(input: Input): Output` in AssemblyScript and `run(input)` in JavaScript, as sdk tasks are.
 * - Records, variants, enums and flags are named typedefs, their names the kebab-case form of the
 *   AssemblyScript declarations' (`Input` → `input`, `OutputShape` → `output-shape`), so one type
 *   model names both; tuples, options, results and lists stay anonymous; `bytes` is `list<u8>`.
 * - Record fields are the kebab-case form of our names (`wordCount` → `word-count`), as the
 *   component checker matches them; case and flag names are WIT labels already. Every identifier
 *   is `%`-escaped, so WIT keywords (`type`, `list`, `flags`…) work as names.
 *
 * @throws BuildError (EXPORT_NAME_INVALID, WIT_NAME_INVALID) for an export or a field name that
 *   cannot be a WIT name, or two fields of one record with one kebab-case form.
 */
export function generateComponentWit(options: ComponentWitOptions): ComponentWit {
  const at = (path: string) => (options.definitionLabel === undefined ? path : `${options.definitionLabel}#${path}`);
  const place = exportPlace(options.exportName);
  if (typeof place === "string") {
    throw new BuildError(`export "${options.exportName}" cannot be a component export`, [
      { code: "EXPORT_NAME_INVALID", path: at("export"), message: place },
    ]);
  }
  const sourceFunction = sourceFunctionName(place);
  if (!isFunctionName(sourceFunction)) {
    const message = `the task's function would be "${sourceFunction}", a reserved word: choose another export name`;
    throw new BuildError(`export "${options.exportName}" cannot be a component export`, [
      { code: "EXPORT_NAME_INVALID", path: at("export"), message },
    ]);
  }

  const model = new TypeModel();
  model.declare(options.inputType, "Input");
  model.declare(options.outputType, "Output");
  const issues: Issue[] = [];
  checkFieldNames(options.inputType, "input", at, issues);
  checkFieldNames(options.outputType, "output", at, issues);
  if (issues.length > 0) throw new BuildError("the declared types have no WIT form", issues);

  // The function and the types share the namespace of their world or interface.
  const taken = new NameAllocator([place.func]);
  const typeNames = new Map<string, string>();
  for (const declared of model.declarations) {
    if (isTypedef(declared)) typeNames.set(declared.name, taken.take(kebabOf(declared.name)));
  }
  const writer = new WitWriter(model, typeNames, declaredTypes(model, [options.inputType, options.outputType]));
  const typedefs = model.declarations.filter(isTypedef).map((d) => writer.typedef(d));
  const output = writer.type(options.outputType);
  const result = options.failsWithMessage === true ? `result<${output}, string>` : output;
  const func = `${witIdentifier(place.func)}: func(${witIdentifier("input")}: ${writer.type(options.inputType)}) -> ${result};`;

  const lines: string[] = [];
  if (place.kind === "world") {
    lines.push(`package ${defaultPackage};`, "", `world ${worldName} {`);
    lines.push(...typedefs.map((t) => indent(t)), `  export ${func}`, "}", "");
    return {
      text: lines.join("\n"),
      world: worldName,
      coreExport: coreExportName(place),
      sourceFunction,
      place,
      typeNames,
      model,
    };
  }
  const version = place.version === undefined ? "" : `@${place.version}`;
  const world = place.interface === worldName ? `${worldName}-world` : worldName;
  lines.push(`package ${witIdentifier(place.namespace)}:${witIdentifier(place.package)}${version};`, "");
  lines.push(`interface ${witIdentifier(place.interface)} {`, ...typedefs.map((t) => indent(t)), `  ${func}`, "}", "");
  lines.push(`world ${witIdentifier(world)} {`, `  export ${witIdentifier(place.interface)};`, "}", "");
  return { text: lines.join("\n"), world, coreExport: coreExportName(place), sourceFunction, place, typeNames, model };
}

type Typedef = Extract<Declaration, { kind: "record" | "enum" | "flags" | "variant" }>;

function isTypedef(declared: Declaration): declared is Typedef {
  return (
    declared.kind === "record" || declared.kind === "enum" || declared.kind === "flags" || declared.kind === "variant"
  );
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
}

class WitWriter {
  constructor(
    private readonly model: TypeModel,
    private readonly names: ReadonlyMap<string, string>,
    private readonly types: ReadonlyMap<string, ValueType>,
  ) {}

  type(type: ValueType): string {
    switch (type.kind) {
      case "bytes":
        return "list<u8>";
      case "list":
        return `list<${this.type(type.element)}>`;
      case "option":
        return `option<${this.type(type.inner)}>`;
      case "tuple":
        return `tuple<${type.elements.map((e) => this.type(e)).join(", ")}>`;
      case "result": {
        if (type.err !== undefined)
          return `result<${type.ok === undefined ? "_" : this.type(type.ok)}, ${this.type(type.err)}>`;
        return type.ok === undefined ? "result" : `result<${this.type(type.ok)}>`;
      }
      case "record":
      case "enum":
      case "flags":
      case "variant":
        return witIdentifier(this.nameOf(this.model.declarationOf(type).name));
      default:
        return type.kind;
    }
  }

  typedef(declared: Typedef): string {
    const name = witIdentifier(this.nameOf(declared.name));
    switch (declared.kind) {
      case "record":
        return block(
          `record ${name}`,
          declared.fields.map((f) => `${witIdentifier(kebabOf(f.wireName))}: ${this.type(f.type)},`),
        );
      case "enum":
        return block(
          `enum ${name}`,
          this.labels(declared).map((l) => `${witIdentifier(l)},`),
        );
      case "flags":
        return block(
          `flags ${name}`,
          this.labels(declared).map((l) => `${witIdentifier(l)},`),
        );
      case "variant":
        return block(
          `variant ${name}`,
          declared.cases.map((c) =>
            c.type === undefined ? `${witIdentifier(c.label)},` : `${witIdentifier(c.label)}(${this.type(c.type)}),`,
          ),
        );
    }
  }

  // Enum and flags declarations hold the members' AssemblyScript names; the labels are the type's.
  private labels(declared: Extract<Typedef, { kind: "enum" | "flags" }>): readonly string[] {
    const type = this.types.get(declared.name);
    if (type?.kind === "enum") return type.cases;
    if (type?.kind === "flags") return type.flags;
    throw new Error(`${declared.name} declares no ${declared.kind} type`);
  }

  private nameOf(declaration: string): string {
    const name = this.names.get(declaration);
    if (name === undefined) throw new Error(`${declaration} has no WIT name`);
    return name;
  }
}

function block(head: string, members: readonly string[]): string {
  return [`${head} {`, ...members.map((m) => `  ${m}`), "}"].join("\n");
}

/** Every record field's kebab-case form must be a WIT label, and unique in its record. */
function checkFieldNames(type: ValueType, path: string, at: (path: string) => string, issues: Issue[]): void {
  switch (type.kind) {
    case "list":
      checkFieldNames(type.element, `${path}[]`, at, issues);
      return;
    case "option":
      checkFieldNames(type.inner, path, at, issues);
      return;
    case "tuple":
      type.elements.forEach((e, i) => {
        checkFieldNames(e, `${path}[${i}]`, at, issues);
      });
      return;
    case "variant":
      for (const c of type.cases) if (c.type !== undefined) checkFieldNames(c.type, `${path}.val`, at, issues);
      return;
    case "result":
      if (type.ok !== undefined) checkFieldNames(type.ok, `${path}.val`, at, issues);
      if (type.err !== undefined) checkFieldNames(type.err, `${path}.val`, at, issues);
      return;
    case "record":
      checkRecord(type.fields, path, at, issues);
      return;
    default:
      return;
  }
}

function checkRecord(
  fields: readonly RecordField[],
  path: string,
  at: (path: string) => string,
  issues: Issue[],
): void {
  const seen = new Map<string, string>();
  for (const field of fields) {
    const kebab = kebabOf(field.name);
    const where = at(`${path}.${field.name}`);
    if (!isWitLabel(kebab)) {
      issues.push({
        code: "WIT_NAME_INVALID",
        path: where,
        actual: kebab,
        message: `field "${field.name}" has no WIT name: its kebab-case form "${kebab}" is not kebab-case words each starting with a letter`,
      });
    } else {
      const other = seen.get(kebab);
      if (other !== undefined) {
        issues.push({
          code: "WIT_NAME_INVALID",
          path: where,
          actual: kebab,
          message: `fields "${other}" and "${field.name}" have one WIT name, "${kebab}"`,
        });
      }
      seen.set(kebab, field.name);
    }
    checkFieldNames(field.type, `${path}.${field.name}`, at, issues);
  }
}

/** The type behind each declaration, by the declaration's name. */
function declaredTypes(model: TypeModel, roots: readonly ValueType[]): Map<string, ValueType> {
  const found = new Map<string, ValueType>();
  const visit = (type: ValueType): void => {
    switch (type.kind) {
      case "list":
        visit(type.element);
        return;
      case "option":
        visit(type.inner);
        return;
      case "record":
      case "tuple":
      case "enum":
      case "flags":
      case "variant":
      case "result": {
        const name = model.declarationOf(type).name;
        if (found.has(name)) return;
        found.set(name, type);
        if (type.kind === "record") for (const f of type.fields) visit(f.type);
        if (type.kind === "tuple") for (const e of type.elements) visit(e);
        if (type.kind === "variant") for (const c of type.cases) if (c.type !== undefined) visit(c.type);
        if (type.kind === "result") for (const side of [type.ok, type.err]) if (side !== undefined) visit(side);
        return;
      }
      default:
        return;
    }
  };
  for (const root of roots) visit(root);
  return found;
}
