import { WasmflowError } from "../errors/index.js";
import { isPrimitiveKind, maxRecordFields, maxTypeDepth, type RecordField, type ValueType } from "./value-type.js";

/**
 * Thrown by the type parser (`VALUE_TYPE_INVALID`); callers checking a definition turn it into an
 * issue of that definition.
 */
export class ValueTypeSyntaxError extends WasmflowError {
  static override readonly brand = "wasmflow.ValueTypeSyntaxError";
  constructor(
    message: string,
    readonly position: number,
  ) {
    super("VALUE_TYPE_INVALID", message, {
      issues: [{ code: "TYPE_SYNTAX", path: "type", message }],
      details: { position },
    });
  }
}

const fieldName = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Field names become object keys on the host and class fields in AssemblyScript.
const reservedFieldNames = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Parses a declared value type. A string is WIT-style text (`s32`, `list<string>`,
 * `option<u64>`, `record{name: string, age: u32}`); a JSON object is shorthand for a record whose
 * field types are declared the same way (strings or nested objects).
 */
export function parseValueType(declaration: unknown): ValueType {
  return parseDeclaration(declaration, 0);
}

function parseDeclaration(declaration: unknown, depth: number): ValueType {
  if (depth > maxTypeDepth) throw new ValueTypeSyntaxError(`type nests deeper than ${maxTypeDepth} levels`, 0);
  if (typeof declaration === "string") return new TextParser(declaration, depth).parseAll();
  if (typeof declaration === "object" && declaration !== null && !Array.isArray(declaration)) {
    const entries = Object.entries(declaration);
    checkFieldCount(entries.length, 0);
    const fields: RecordField[] = entries.map(([name, inner]) => {
      checkFieldName(name, 0);
      return { name, type: parseDeclaration(inner, depth + 1) };
    });
    return { kind: "record", fields };
  }
  throw new ValueTypeSyntaxError('a type is a string such as "list<string>" or an object of field types', 0);
}

function checkFieldName(name: string, position: number): void {
  if (!fieldName.test(name)) {
    throw new ValueTypeSyntaxError(`field name "${name}" must match ${fieldName.source}`, position);
  }
  if (reservedFieldNames.has(name)) throw new ValueTypeSyntaxError(`field name "${name}" is reserved`, position);
}

function checkFieldCount(count: number, position: number): void {
  if (count === 0) throw new ValueTypeSyntaxError("a record needs at least one field", position);
  if (count > maxRecordFields) {
    throw new ValueTypeSyntaxError(`a record has at most ${maxRecordFields} fields`, position);
  }
}

class TextParser {
  private pos = 0;
  constructor(
    private readonly text: string,
    private readonly baseDepth: number,
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
    return this.fail(`unknown type "${word}"`);
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
        checkFieldName(name, at);
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
    checkFieldCount(fields.length, this.pos);
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

  private fail(message: string): never {
    throw new ValueTypeSyntaxError(`${message} at position ${this.pos} of "${this.text}"`, this.pos);
  }
}
