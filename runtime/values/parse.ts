import { didYouMean, meant, WasmflowError } from "../errors/index.js";
import {
  isPrimitiveKind,
  maxCases,
  maxFlags,
  maxRecordFields,
  maxTupleElements,
  maxTypeDepth,
  primitiveKinds,
  type RecordField,
  type ValueType,
  type VariantCase,
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

const typeNames = [...primitiveKinds, "list", "option", "record", "tuple", "enum", "variant", "result", "flags"];

const fieldName = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Field names become object keys on the host and class fields in AssemblyScript.
const reservedFieldNames = new Set(["__proto__", "constructor", "prototype"]);
/**
 * Case and flag names are WIT labels (`red`, `not-found`): they travel as strings, so a
 * component's names and ours are the very same text. Flags also become object keys, hence the
 * same reserved words as fields.
 */
const labelName = /^[a-z][a-z0-9]*(?:-[a-z][a-z0-9]*)*$/;

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
    if (word === "tuple") return this.parseTuple(depth);
    if (word === "result") return this.parseResult(depth);
    if (word === "enum") return { kind: "enum", cases: this.parseLabels("enum", maxCases, () => undefined).names };
    if (word === "flags") return { kind: "flags", flags: this.parseLabels("flags", maxFlags, () => undefined).names };
    if (word === "variant") return this.parseVariant(depth);
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

  private parseTuple(depth: number): ValueType {
    this.expect("<");
    const elements: ValueType[] = [];
    do {
      elements.push(this.parseType(depth + 1));
      this.skipSpace();
    } while (this.text[this.pos] === "," && this.advance());
    this.expect(">");
    if (elements.length > maxTupleElements) this.fail(`a tuple has at most ${maxTupleElements} items`);
    return { kind: "tuple", elements };
  }

  /** `result<T, E>`, `result<T>`, `result<_, E>` or a bare `result`, as in WIT. */
  private parseResult(depth: number): ValueType {
    this.skipSpace();
    if (this.text[this.pos] !== "<") return { kind: "result" };
    this.pos += 1;
    this.skipSpace();
    let ok: ValueType | undefined;
    if (this.text[this.pos] === "_" && !/[A-Za-z0-9_]/.test(this.text[this.pos + 1] ?? "")) {
      this.pos += 1;
      this.expect(",");
    } else {
      ok = this.parseType(depth + 1);
      this.skipSpace();
      if (this.text[this.pos] !== ",") {
        this.expect(">");
        return { kind: "result", ok };
      }
      this.pos += 1;
    }
    const err = this.parseType(depth + 1);
    this.expect(">");
    return ok === undefined ? { kind: "result", err } : { kind: "result", ok, err };
  }

  private parseVariant(depth: number): ValueType {
    const { names, payloads } = this.parseLabels("variant", maxCases, () => {
      this.skipSpace();
      if (this.text[this.pos] !== "(") return undefined;
      this.pos += 1;
      const payload = this.parseType(depth + 1);
      this.expect(")");
      return payload;
    });
    const cases = names.map((name, i): VariantCase => {
      const type = payloads[i];
      return type === undefined ? { name } : { name, type };
    });
    return { kind: "variant", cases };
  }

  /** `{a, b-c, …}`: the names of an enum's or variant's cases or of flags, each followed by `after`'s part. */
  private parseLabels(
    what: string,
    max: number,
    after: () => ValueType | undefined,
  ): { names: string[]; payloads: (ValueType | undefined)[] } {
    this.expect("{");
    const names: string[] = [];
    const payloads: (ValueType | undefined)[] = [];
    this.skipSpace();
    while (this.text[this.pos] !== "}") {
      if (names.length > 0) this.expect(",");
      this.skipSpace();
      const at = this.pos;
      const match = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.text.slice(this.pos));
      if (match === null) this.fail(`expected a ${what === "flags" ? "flag" : "case"} name`);
      const name = match[0];
      if (!labelName.test(name)) {
        this.fail(`"${name}" is not a WIT name: lowercase words joined by "-", such as "not-found"`);
      }
      if (what === "flags" && reservedFieldNames.has(name)) this.fail(`flag name "${name}" is reserved`);
      if (names.includes(name)) {
        this.pos = at;
        this.fail(`"${name}" is declared twice`);
      }
      this.pos += name.length;
      names.push(name);
      payloads.push(after());
      this.skipSpace();
      if (this.pos >= this.text.length) this.fail('missing "}"');
    }
    this.pos += 1;
    if (names.length === 0)
      this.fail(`${what} declares no ${what === "flags" ? "flag" : "case"}; it needs at least one`);
    if (names.length > max) this.fail(`${what} has at most ${max} ${what === "flags" ? "flags" : "cases"}`);
    return { names, payloads };
  }

  private advance(): true {
    this.pos += 1;
    return true;
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
