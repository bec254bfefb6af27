import {
  type EnumType,
  type FlagsType,
  formatValueType,
  type RecordType,
  type ResultType,
  type TupleType,
  type ValueType,
  type VariantType,
} from "../../values/index.js";
import { camelCase, fieldIdentifier, NameAllocator, pascalCase, staticIdentifier } from "./names.js";

export interface ClassField {
  /** The key in the MessagePack map. */
  readonly wireName: string;
  /** The member name in the generated class. */
  readonly identifier: string;
  readonly type: ValueType;
}

export interface RecordClass {
  readonly kind: "record";
  readonly name: string;
  readonly fields: readonly ClassField[];
}

/** A tuple's class: item i is field `_i`, and the constructor takes the items in order. */
export interface TupleClass {
  readonly kind: "tuple";
  readonly name: string;
  readonly elements: readonly ValueType[];
}

/** An AssemblyScript enum whose member i is case i, also the case's index on the wire. */
export interface EnumDeclaration {
  readonly kind: "enum";
  readonly name: string;
  readonly members: readonly string[];
}

/** A `u32` type alias with a namespace of one bit constant per flag, flag i being bit i. */
export interface FlagsDeclaration {
  readonly kind: "flags";
  readonly name: string;
  readonly members: readonly string[];
}

export interface VariantCaseMember {
  /** The case's label, as the host names it. */
  readonly label: string;
  /** Its member in the tag enum. */
  readonly member: string;
  /** The static method building a value of this case. */
  readonly constructorName: string;
  /** The field holding its payload; undefined for a case without one. */
  readonly field?: string | undefined;
  readonly type?: ValueType | undefined;
}

/** A variant's class: a `tag` of a generated enum, one field per case with a payload, one static constructor per case. */
export interface VariantClass {
  readonly kind: "variant";
  readonly name: string;
  readonly tagEnum: string;
  readonly cases: readonly VariantCaseMember[];
}

/** A result's class: `isOk`, fields `ok` and `err` for the sides that have a type, static `ok(…)` and `err(…)`. */
export interface ResultClass {
  readonly kind: "result";
  readonly name: string;
  readonly ok?: ValueType | undefined;
  readonly err?: ValueType | undefined;
}

export type Declaration = RecordClass | TupleClass | EnumDeclaration | FlagsDeclaration | VariantClass | ResultClass;

type Declared = RecordType | TupleType | EnumType | FlagsType | VariantType | ResultType;

export interface Alias {
  readonly name: string;
  readonly target: string;
}

/** Names the generated module imports from the SDK: no declaration may take them. */
const sdkNames = [
  "Box",
  "Kind",
  "LogLevel",
  "Reader",
  "Writer",
  "fail",
  "log",
  "logAt",
  "logDebug",
  "logError",
  "logWarn",
  "newArray",
];

/** A variant's own member, so no case's payload field may take its name. */
const tagField = "tag";

/**
 * The AssemblyScript side of declared types. Records, tuples, enums, flags, variants and results
 * get a declaration named after their path (`Input`, `InputMeta`, `OutputItems`, `InputShapeSquare`
 * for the payload of case `square`, `InputPair0` for a tuple's first item); structurally equal
 * types share one declaration, and the later path names are exported as other names of it, so a
 * task can return (parts of) its input unchanged and still write `new OutputMeta()`.
 */
export class TypeModel {
  readonly declarations: Declaration[] = [];
  readonly aliases: Alias[] = [];
  private readonly names = new NameAllocator(sdkNames);
  private readonly byShape = new Map<string, Declaration>();

  /** Registers the named types inside `type`, naming them from `name` downwards. */
  declare(type: ValueType, name: string): void {
    switch (type.kind) {
      case "list":
        this.declare(type.element, name);
        return;
      case "option":
        this.declare(type.inner, name);
        return;
      case "record":
      case "tuple":
      case "enum":
      case "flags":
      case "variant":
      case "result":
        this.declareNamed(type, name);
        return;
      default:
        return;
    }
  }

  /** The AssemblyScript type of a value of `type`. */
  asType(type: ValueType): string {
    switch (type.kind) {
      case "bool":
        return "bool";
      case "s32":
        return "i32";
      case "u32":
      case "char":
        return "u32";
      case "s64":
        return "i64";
      case "u64":
        return "u64";
      case "f32":
        return "f32";
      case "f64":
        return "f64";
      case "string":
        return "string";
      case "bytes":
        return "Uint8Array";
      case "list":
        return `Array<${this.asType(type.element)}>`;
      case "option": {
        const inner = this.asType(type.inner);
        return isNonNullReference(type.inner) ? `${inner} | null` : `Box<${inner}> | null`;
      }
      default:
        return this.declarationOf(type).name;
    }
  }

  /** A name for `type` usable inside identifiers: `S32`, `ListString`, `OptionInputMeta`. */
  tag(type: ValueType): string {
    switch (type.kind) {
      case "list":
        return `List${this.tag(type.element)}`;
      case "option":
        return `Option${this.tag(type.inner)}`;
      case "record":
      case "tuple":
      case "enum":
      case "flags":
      case "variant":
      case "result":
        return this.declarationOf(type).name;
      default:
        return type.kind.toUpperCase().slice(0, 1) + type.kind.slice(1);
    }
  }

  /** The value a field of `type` starts with in `new Output()`. */
  initializer(type: ValueType): string {
    switch (type.kind) {
      case "bool":
        return "false";
      case "string":
        return '""';
      case "bytes":
        return "new Uint8Array(0)";
      case "list":
        return "[]";
      case "option":
        return "null";
      case "enum": {
        const declared = this.declarationOf(type);
        return `${declared.name}.${declared.members[0]}`;
      }
      case "record":
      case "tuple":
      case "variant":
      case "result":
        return `new ${this.declarationOf(type).name}()`;
      default:
        return "0";
    }
  }

  declarationOf(type: RecordType): RecordClass;
  declarationOf(type: TupleType): TupleClass;
  declarationOf(type: EnumType): EnumDeclaration;
  declarationOf(type: FlagsType): FlagsDeclaration;
  declarationOf(type: VariantType): VariantClass;
  declarationOf(type: ResultType): ResultClass;
  declarationOf(type: Declared): Declaration;
  declarationOf(type: Declared): Declaration {
    const found = this.byShape.get(formatValueType(type));
    if (found === undefined) throw new Error(`${type.kind} ${formatValueType(type)} was not declared`);
    return found;
  }

  private declareNamed(type: Declared, name: string): void {
    const shape = formatValueType(type);
    const existing = this.byShape.get(shape);
    if (existing !== undefined) {
      this.alias(name, existing.name);
      if (existing.kind === "variant") this.alias(`${name}Tag`, existing.tagEnum);
      return;
    }
    const declared = this.describe(type, this.names.take(name));
    this.byShape.set(shape, declared);
    this.declarations.push(declared);
    for (const [child, childName] of children(type, declared.name)) this.declare(child, childName);
  }

  // A path name already taken (by a declaration or an earlier alias) gets no alias: the
  // declaration's own name still works.
  private alias(name: string, target: string): void {
    if (!this.names.has(name)) this.aliases.push({ name: this.names.take(name), target });
  }

  private describe(type: Declared, name: string): Declaration {
    switch (type.kind) {
      case "record":
        return {
          kind: "record",
          name,
          fields: type.fields.map((field) => ({
            wireName: field.name,
            identifier: fieldIdentifier(field.name),
            type: field.type,
          })),
        };
      case "tuple":
        return { kind: "tuple", name, elements: type.elements };
      case "enum":
        return { kind: "enum", name, members: type.cases.map(pascalCase) };
      case "flags":
        return { kind: "flags", name, members: type.flags.map(pascalCase) };
      case "result":
        return { kind: "result", name, ok: type.ok, err: type.err };
      case "variant":
        return {
          kind: "variant",
          name,
          tagEnum: this.names.take(`${name}Tag`),
          cases: type.cases.map((c) => ({
            label: c.name,
            member: pascalCase(c.name),
            constructorName: staticIdentifier(camelCase(c.name)),
            field: c.type === undefined ? undefined : payloadField(c.name),
            type: c.type,
          })),
        };
    }
  }
}

/** The types inside a declared type, each with the name its own declaration would take. */
function children(type: Declared, name: string): [ValueType, string][] {
  switch (type.kind) {
    case "record":
      return type.fields.map((field) => [field.type, name + pascalCase(field.name)]);
    case "tuple":
      return type.elements.map((element, i) => [element, `${name}${i}`]);
    case "variant":
      return type.cases.flatMap((c) => (c.type === undefined ? [] : [[c.type, name + pascalCase(c.name)]]));
    case "result":
      return [
        ...(type.ok === undefined ? [] : [[type.ok, `${name}Ok`] as [ValueType, string]]),
        ...(type.err === undefined ? [] : [[type.err, `${name}Err`] as [ValueType, string]]),
      ];
    default:
      return [];
  }
}

function payloadField(label: string): string {
  const identifier = fieldIdentifier(camelCase(label));
  return identifier === tagField ? `${identifier}_` : identifier;
}

/** Strings, bytes, lists and the generated classes are references that are never null; options may be. */
export function isNonNullReference(type: ValueType): boolean {
  switch (type.kind) {
    case "string":
    case "bytes":
    case "list":
    case "record":
    case "tuple":
    case "variant":
    case "result":
      return true;
    default:
      return false;
  }
}
