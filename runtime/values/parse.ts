import { didYouMean, meant, WasmflowError } from "../errors/index.js";
import {
  isPrimitiveKind,
  maxRecordFields,
  maxTypeDepth,
  primitiveKinds,
  type RecordField,
  type ValueType,
} from "./value-type.js";

/**
 * Thrown by the type parser (`VALUE_TYPE_INVALID`); callers checking a definition turn it into an
 * issue of that definition.
 */
export class ValueTypeSyntaxError extends WasmflowError {
  static override readonly brand = "wasmflow.ValueTypeSyntaxError";
  constructor(
    message: string,
    readonly position: number,
    /** The record fields, in the object form, leading to the problem: `["count"]` for `{"count": "u23"}`. */
    readonly fields: readonly string[] = [],
  ) {
    super("VALUE_TYPE_INVALID", message, {
      issues: [{ code: "TYPE_SYNTAX", path: fieldPath("type", fields), message }],
      details: { position, ...(fields.length === 0 ? {} : { fields }) },
    });
  }
}

/** `output` and `["count"]` → `output.count`: where in a definition a declared type's problem is. */
export function fieldPath(base: string, fields: readonly string[]): string {
  return [base, ...fields].join(".");
}

const typeNames = [...primitiveKinds, "list", "option", "record"];

const fieldName = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Field names become object keys on the host and class fields in AssemblyScript.
const reservedFieldNames = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Parses a declared value type. A string is WIT-style text (`s32`, `list<string>`,
 * `option<u64>`, `record{name: string, age: u32}`); a JSON object is shorthand for a record whose
 * field types are declared the same way (strings or nested objects).
 */
export function parseValueType(declaration: unknown): ValueType {
  return parseDeclaration(declaration, 0, []);
}

function parseDeclaration(declaration: unknown, depth: number, fields: readonly string[]): ValueType {
  if (depth > maxTypeDepth) throw new ValueTypeSyntaxError(`type nests deeper than ${maxTypeDepth} levels`, 0, fields);
  if (typeof declaration === "string") return new TextParser(declaration, depth, fields).parseAll();
  if (typeof declaration === "object" && declaration !== null && !Array.isArray(declaration)) {
    const entries = Object.entries(declaration);
    checkFieldCount(entries.length, 0, fields);
    const record: RecordField[] = entries.map(([name, inner]) => {
      checkFieldName(name, 0, [...fields, name]);
      return { name, type: parseDeclaration(inner, depth + 1, [...fields, name]) };
    });
    return { kind: "record", fields: record };
  }
  throw new ValueTypeSyntaxError('a type is a string such as "list<string>" or an object of field types', 0, fields);
}

function checkFieldName(name: string, position: number, fields: readonly string[]): void {
  if (!fieldName.test(name)) {
    throw new ValueTypeSyntaxError(`field name "${name}" must match ${fieldName.source}`, position, fields);
  }
  if (reservedFieldNames.has(name)) {
    throw new ValueTypeSyntaxError(`field name "${name}" is reserved`, position, fields);
  }
}

function checkFieldCount(count: number, position: number, fields: readonly string[]): void {
  if (count === 0) throw new ValueTypeSyntaxError("a record needs at least one field", position, fields);
  if (count > maxRecordFields) {
    throw new ValueTypeSyntaxError(`a record has at most ${maxRecordFields} fields`, position, fields);
  }
}

class TextParser {
  private pos = 0;
  constructor(
    private readonly text: string,
    private readonly baseDepth: number,
    /** Where this text sits in an object form, for the error. */
    private readonly fields: readonly string[],
  ) {}

  parseAll(): ValueType {
    const type = this.parseType(this.baseDepth);
    this.skipSpace();
    if (this.pos !== this.text.length) this.fail(`unexpected "${this.text.slice(this.pos, this.pos + 10)}"`);
    return type;
  }

  private parseType(depth: number): ValueType {
    if (depth > maxTypeDepth) this.fail(`type nests deeper than ${maxTypeDepth} levels`);
    const start = this.pos;
    const word = this.identifier();
    if (word === "list" || word === "option") {
      this.expect("<");
      const inner = this.parseType(depth + 1);
      this.expect(">");
      return word === "list" ? { kind: "list", element: inner } : { kind: "option", inner };
    }
    if (word === "record") return this.parseRecord(depth);
    if (isPrimitiveKind(word)) return { kind: word };
    this.pos = start;
    while (/\s/.test(this.text[this.pos] ?? "")) this.pos += 1;
    const names = meant(word, typeNames);
    const hint = names.length === 0 ? "" : `; ${didYouMean(names)}`;
    // The whole text is the unknown word: where in it goes without saying.
    if (word === this.text.trim())
      throw new ValueTypeSyntaxError(`unknown type "${word}"${hint}`, this.pos, this.fields);
    return this.fail(`unknown type "${word}"`, hint);
  }

  private parseRecord(depth: number): ValueType {
    this.expect("{");
    const fields: RecordField[] = [];
    const seen = new Set<string>();
    this.skipSpace();
    while (this.text[this.pos] !== "}") {
      if (fields.length > 0) this.expect(",");
      const at = this.pos;
      const name = this.identifier();
      try {
        checkFieldName(name, at, this.fields);
      } catch (error) {
        this.pos = at;
        throw error;
      }
      if (seen.has(name)) this.fail(`field "${name}" is declared twice`);
      seen.add(name);
      this.expect(":");
      fields.push({ name, type: this.parseType(depth + 1) });
      this.skipSpace();
      if (this.pos >= this.text.length) this.fail('missing "}"');
    }
    this.pos += 1;
    checkFieldCount(fields.length, this.pos, this.fields);
    return { kind: "record", fields };
  }

  private identifier(): string {
    this.skipSpace();
    const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos));
    if (match === null) return this.fail("expected a type or field name");
    this.pos += match[0].length;
    return match[0];
  }

  private expect(char: string): void {
    this.skipSpace();
    if (this.text[this.pos] !== char) this.fail(`expected "${char}"`);
    this.pos += 1;
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos] ?? "")) this.pos += 1;
  }

  private fail(message: string, hint = ""): never {
    throw new ValueTypeSyntaxError(
      `${message} at position ${this.pos} of "${this.text}"${hint}`,
      this.pos,
      this.fields,
    );
  }
}
