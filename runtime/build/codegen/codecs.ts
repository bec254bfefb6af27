import {
  type EnumType,
  type FlagsType,
  isPrimitiveKind,
  type ListType,
  type OptionType,
  type PrimitiveKind,
  type PrimitiveType,
  type RecordType,
  type TupleType,
  type ValueType,
} from "../../values/index.js";
import { resultCodec, variantCodec } from "./case-codecs.js";
import { isNonNullReference, type TypeModel } from "./type-model.js";

const readMethod: Record<PrimitiveKind, string> = {
  bool: "readBool",
  s32: "readI32",
  u32: "readU32",
  s64: "readI64",
  u64: "readU64",
  f32: "readF32",
  f64: "readF64",
  char: "readChar",
  string: "readString",
  bytes: "readBytes",
};

const writeMethod: Record<PrimitiveKind, string> = {
  bool: "writeBool",
  s32: "writeI32",
  u32: "writeU32",
  s64: "writeI64",
  u64: "writeU64",
  f32: "writeF32",
  f64: "writeF64",
  char: "writeU32",
  string: "writeString",
  bytes: "writeBytes",
};

/**
 * Writes one `decode<Tag>(r)` and one `encode<Tag>(w, value)` function per distinct type, children
 * first. Primitives are read and written inline, except at the top, where the entry needs a
 * function to call whatever the declared type is (the optimizer inlines it).
 */
export class CodecWriter {
  private readonly done = new Set<string>();
  private readonly chunks: string[] = [];

  constructor(private readonly model: TypeModel) {}

  /** Emits the codecs of a top-level type, primitives included; returns the tag naming its functions. */
  addTop(type: ValueType): string {
    const tag = this.model.tag(type);
    if (!isPrimitive(type)) return this.add(type);
    if (!this.done.has(tag)) {
      this.done.add(tag);
      this.chunks.push(this.primitive(type.kind, tag));
    }
    return tag;
  }

  /** Emits the codecs of `type` and everything inside it; returns the tag naming its functions. */
  add(type: ValueType): string {
    const tag = this.model.tag(type);
    if (isPrimitive(type) || this.done.has(tag)) return tag;
    this.done.add(tag);
    switch (type.kind) {
      case "list":
        this.add(type.element);
        this.chunks.push(this.list(type, tag));
        break;
      case "option":
        this.add(type.inner);
        this.chunks.push(this.option(type, tag));
        break;
      case "record":
        for (const field of type.fields) this.add(field.type);
        this.chunks.push(this.record(type, tag));
        break;
      case "tuple":
        for (const element of type.elements) this.add(element);
        this.chunks.push(this.tuple(type, tag));
        break;
      case "enum":
        this.chunks.push(this.enumeration(type, tag));
        break;
      case "flags":
        this.chunks.push(this.flags(type, tag));
        break;
      case "variant":
        for (const c of type.cases) if (c.type !== undefined) this.add(c.type);
        this.chunks.push(variantCodec(this, this.model.declarationOf(type), tag));
        break;
      case "result":
        if (type.ok !== undefined) this.add(type.ok);
        if (type.err !== undefined) this.add(type.err);
        this.chunks.push(resultCodec(this, this.model.declarationOf(type), tag));
        break;
    }
    return tag;
  }

  text(): string {
    return this.chunks.join("\n");
  }

  /** The expression reading a value of `type` from `r`. */
  decode(type: ValueType): string {
    if (isPrimitive(type)) return `r.${readMethod[type.kind]}()`;
    return `decode${this.model.tag(type)}(r)`;
  }

  /** The statement writing `value`, of `type`, to `w`. */
  encode(type: ValueType, value: string): string {
    if (isPrimitive(type)) return `w.${writeMethod[type.kind]}(${value});`;
    return `encode${this.model.tag(type)}(w, ${value});`;
  }

  private primitive(kind: PrimitiveKind, tag: string): string {
    const asType = this.model.asType({ kind });
    return [
      `export function decode${tag}(r: Reader): ${asType} {`,
      `  return r.${readMethod[kind]}();`,
      "}",
      "",
      `export function encode${tag}(w: Writer, value: ${asType}): void {`,
      `  w.${writeMethod[kind]}(value);`,
      "}",
      "",
    ].join("\n");
  }

  private list(type: ListType, tag: string): string {
    const asType = this.model.asType(type);
    const element = this.model.asType(type.element);
    return [
      `export function decode${tag}(r: Reader): ${asType} {`,
      "  const length = r.readArrayHeader();",
      `  const value = newArray<${element}>(length);`,
      "  for (let i = 0; i < length; i++) {",
      "    r.enterIndex(i);",
      `    unchecked((value[i] = ${this.decode(type.element)}));`,
      "    r.leave();",
      "  }",
      "  return value;",
      "}",
      "",
      `export function encode${tag}(w: Writer, value: ${asType}): void {`,
      "  const length = value.length;",
      "  w.writeArrayHeader(length);",
      "  for (let i = 0; i < length; i++) {",
      `    ${this.encode(type.element, "unchecked(value[i])")}`,
      "  }",
      "}",
      "",
    ].join("\n");
  }

  private option(type: OptionType, tag: string): string {
    const asType = this.model.asType(type);
    const boxed = !isNonNullReference(type.inner);
    const inner = this.model.asType(type.inner);
    const some = boxed ? `new Box<${inner}>(${this.decode(type.inner)})` : this.decode(type.inner);
    return [
      `export function decode${tag}(r: Reader): ${asType} {`,
      "  if (r.tryReadNil()) return null;",
      `  return ${some};`,
      "}",
      "",
      `export function encode${tag}(w: Writer, value: ${asType}): void {`,
      "  if (value === null) {",
      "    w.writeNil();",
      "  } else {",
      `    ${this.encode(type.inner, boxed ? "value.value" : "value")}`,
      "  }",
      "}",
      "",
    ].join("\n");
  }

  // Decoding allocates the object without running its constructor: every required field is
  // assigned below (or the call fails), and options start as null, so the defaults a task author
  // gets from `new X()` would only be garbage here.
  private record(type: RecordType, tag: string): string {
    const declared = this.model.declarationOf(type);
    const name = declared.name;
    const lines = [
      `export function decode${tag}(r: Reader): ${name} {`,
      `  const value = changetype<${name}>(__new(offsetof<${name}>(), idof<${name}>()));`,
      ...declared.fields.map((_, i) => `  let seen${i} = false;`),
      "  const count = r.readMapHeader();",
      "  for (let i = 0; i < count; i++) {",
      "    r.readKey();",
    ];
    declared.fields.forEach((field, i) => {
      const key = JSON.stringify(field.wireName);
      lines.push(
        `    ${i === 0 ? "if" : "} else if"} (r.keyIs(${key})) {`,
        `      if (seen${i}) r.duplicateField(${key});`,
        `      seen${i} = true;`,
        `      r.enterField(${key});`,
        `      value.${field.identifier} = ${this.decode(field.type)};`,
        "      r.leave();",
      );
    });
    lines.push("    } else {", "      r.skip();", "    }", "  }");
    declared.fields.forEach((field, i) => {
      if (field.type.kind !== "option")
        lines.push(`  if (!seen${i}) r.missingField(${JSON.stringify(field.wireName)});`);
    });
    lines.push("  return value;", "}", "");
    lines.push(`export function encode${tag}(w: Writer, value: ${name}): void {`);
    lines.push(`  w.writeMapHeader(${declared.fields.length});`);
    for (const field of declared.fields) {
      lines.push(`  w.writeString(${JSON.stringify(field.wireName)});`);
      lines.push(`  ${this.encode(field.type, `value.${field.identifier}`)}`);
    }
    lines.push("}", "");
    return lines.join("\n");
  }

  // Allocated without its constructor, like a record: every item is assigned below.
  private tuple(type: TupleType, tag: string): string {
    const name = this.model.declarationOf(type).name;
    const count = type.elements.length;
    const lines = [
      `export function decode${tag}(r: Reader): ${name} {`,
      `  r.readTupleHeader(${count});`,
      `  const value = changetype<${name}>(__new(offsetof<${name}>(), idof<${name}>()));`,
    ];
    type.elements.forEach((element, i) => {
      lines.push(`  r.enterIndex(${i});`, `  value._${i} = ${this.decode(element)};`, "  r.leave();");
    });
    lines.push("  return value;", "}", "");
    lines.push(`export function encode${tag}(w: Writer, value: ${name}): void {`);
    lines.push(`  w.writeArrayHeader(${count});`);
    type.elements.forEach((element, i) => {
      lines.push(`  ${this.encode(element, `value._${i}`)}`);
    });
    lines.push("}", "");
    return lines.join("\n");
  }

  // An index the task made up (`5 as Color`) is written as it is: the host refuses it with its path.
  private enumeration(type: EnumType, tag: string): string {
    const name = this.model.declarationOf(type).name;
    return [
      `export function decode${tag}(r: Reader): ${name} {`,
      `  return r.readEnum(${type.cases.length}) as ${name};`,
      "}",
      "",
      `export function encode${tag}(w: Writer, value: ${name}): void {`,
      "  w.writeI32(value);",
      "}",
      "",
    ].join("\n");
  }

  // Bits the task set beyond the declared flags are written too, for the host to refuse.
  private flags(type: FlagsType, tag: string): string {
    const name = this.model.declarationOf(type).name;
    return [
      `export function decode${tag}(r: Reader): ${name} {`,
      `  return r.readFlags(${type.flags.length});`,
      "}",
      "",
      `export function encode${tag}(w: Writer, value: ${name}): void {`,
      "  w.writeU32(value);",
      "}",
      "",
    ].join("\n");
  }
}

function isPrimitive(type: ValueType): type is PrimitiveType {
  return isPrimitiveKind(type.kind);
}
