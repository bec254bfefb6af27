import { formatValueType, type RecordType, type ValueType } from "../../values/index.js";
import { fieldIdentifier, NameAllocator, pascalCase } from "./names.js";

export interface ClassField {
  /** The key in the MessagePack map. */
  readonly wireName: string;
  /** The member name in the generated class. */
  readonly identifier: string;
  readonly type: ValueType;
}

export interface RecordClass {
  readonly name: string;
  readonly fields: readonly ClassField[];
}

/** Names the generated module imports from the SDK or declares besides the record classes. */
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

/**
 * The AssemblyScript side of declared types. Records become classes named after their path
 * (`Input`, `InputMeta`, `OutputItems`); structurally equal records share one class, and the later
 * path names become type aliases of it, so a task can return (parts of) its input unchanged.
 */
export class TypeModel {
  readonly classes: RecordClass[] = [];
  readonly aliases: { readonly name: string; readonly target: string }[] = [];
  private readonly names = new NameAllocator(sdkNames);
  private readonly classByShape = new Map<string, RecordClass>();

  /** Registers the records inside `type`, naming them from `name` downwards. */
  declare(type: ValueType, name: string): void {
    switch (type.kind) {
      case "list":
        this.declare(type.element, name);
        return;
      case "option":
        this.declare(type.inner, name);
        return;
      case "record":
        this.declareRecord(type, name);
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
      case "record":
        return this.classOf(type).name;
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
        return this.classOf(type).name;
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
      case "record":
        return `new ${this.classOf(type).name}()`;
      default:
        return "0";
    }
  }

  classOf(type: RecordType): RecordClass {
    const found = this.classByShape.get(formatValueType(type));
    if (found === undefined) throw new Error(`record ${formatValueType(type)} was not declared`);
    return found;
  }

  private declareRecord(type: RecordType, name: string): void {
    const shape = formatValueType(type);
    const existing = this.classByShape.get(shape);
    if (existing !== undefined) {
      if (!this.names.has(name)) this.aliases.push({ name: this.names.take(name), target: existing.name });
      return;
    }
    const className = this.names.take(name);
    const fields = type.fields.map((field) => ({
      wireName: field.name,
      identifier: fieldIdentifier(field.name),
      type: field.type,
    }));
    const declared: RecordClass = { name: className, fields };
    this.classByShape.set(shape, declared);
    this.classes.push(declared);
    for (const field of type.fields) this.declare(field.type, className + pascalCase(field.name));
  }
}

/** Strings, bytes, lists and records are references that are never null; options may be. */
export function isNonNullReference(type: ValueType): boolean {
  return type.kind === "string" || type.kind === "bytes" || type.kind === "list" || type.kind === "record";
}
