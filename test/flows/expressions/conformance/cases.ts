/**
 * The cases of cel-spec's conformance suite (`@bufbuild/cel-spec`), flattened and prepared for our
 * own compile + evaluate path: each case gets the text we compile, the scope we compile it in, the
 * activation we run it on and what it must give, decoded from the suite's `cel.expr.Value` JSON.
 *
 * Flows have two variables, `input` (a record) and `steps`. A case that declares variables of
 * types a flow can carry (int, uint, double, string, bool, bytes and lists of those) runs with each
 * variable declared as a field of `input` and the text wrapped as `cel.bind(x, input.x, <expr>)`
 * (nested for several variables): the expression still reads `x`, with its declared type, and a
 * flow could write exactly that text. Names that CEL reserves (`true`, `null`) cannot be variables
 * there and are not bound; those cases check that the literal wins, which holds all the more.
 *
 * What a case needs that a flow cannot express (protobuf messages, containers, declared functions,
 * map or null typed variables, qualified variable names) is its `blocker`; every such case must be
 * excluded in `refusals.ts`, which the suite checks.
 */
import { tests } from "@bufbuild/cel-spec/testdata/conformance.js";
import { reservedStepIds } from "../../../../runtime/flows/definition/index.js";
import type { Activation, ExpressionScope, ExpressionType } from "../../../../runtime/flows/expressions/index.js";
import { maxSafeBigInt, parseValueType } from "../../../../runtime/values/index.js";

/** An expected CEL value, kept with its CEL kind so that ints, uints and doubles stay apart. */
export type Expected =
  | { readonly kind: "int" | "uint"; readonly value: bigint }
  | { readonly kind: "double"; readonly value: number }
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "bytes"; readonly value: Uint8Array }
  | { readonly kind: "bool"; readonly value: boolean }
  | { readonly kind: "null" }
  | { readonly kind: "list"; readonly items: readonly Expected[] }
  | { readonly kind: "map"; readonly entries: readonly (readonly [Expected, Expected])[] }
  | { readonly kind: "type"; readonly name: string };

/** What running a case must give. */
export type Expectation =
  /** This value; and when the suite states the checker's type (`typedResult`), that static type. */
  | { readonly kind: "value"; readonly value: Expected; readonly type?: ExpressionType }
  /** An error: at run time (`CONDITION_ERROR`), or a refusal at compile time. */
  | { readonly kind: "error" }
  /** Only the static type (`checkOnly`): the expression is not run. */
  | { readonly kind: "check"; readonly type: ExpressionType };

export interface ConformanceCase {
  /** `<file>/<section>/<name>`, with `#2`, `#3`… appended to repeated names. */
  readonly id: string;
  readonly file: string;
  readonly section: string;
  readonly name: string;
  /** The expression as the suite writes it. */
  readonly expr: string;
  /** The expression as we compile it (see the module comment). */
  readonly text: string;
  readonly scope: ExpressionScope;
  readonly activation: Activation;
  readonly expect: Expectation;
  /** Why a flow cannot express this case, when it cannot. */
  readonly blocker?: string;
}

/** The part of a `cel.expr.conformance.test.SimpleTest` (JSON form) that this suite reads. */
interface SimpleTest {
  readonly name?: string;
  readonly expr: string;
  readonly value?: unknown;
  readonly evalError?: unknown;
  readonly typedResult?: { readonly result?: unknown; readonly deducedType?: unknown };
  readonly checkOnly?: boolean;
  readonly typeEnv?: readonly { readonly name: string; readonly ident?: { readonly type?: unknown } }[];
  readonly bindings?: Readonly<Record<string, { readonly value?: unknown }>>;
  readonly container?: string;
}

interface SuiteNode {
  readonly name: string;
  readonly suites?: readonly SuiteNode[];
  readonly tests?: readonly { readonly original: unknown }[];
}

/** A value or type the suite uses that a flow has no counterpart for. */
class Unsupported extends Error {}

type Json = Record<string, unknown>;

function isJson(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Decodes a `cel.expr.Value` in its JSON form. */
export function decodeValue(value: unknown): Expected {
  if (!isJson(value)) throw new Unsupported(`not a value: ${JSON.stringify(value)}`);
  if ("nullValue" in value) return { kind: "null" };
  if ("boolValue" in value) return { kind: "bool", value: value.boolValue === true };
  if ("int64Value" in value) return { kind: "int", value: BigInt(String(value.int64Value)) };
  if ("uint64Value" in value) return { kind: "uint", value: BigInt(String(value.uint64Value)) };
  if ("doubleValue" in value) return { kind: "double", value: Number(value.doubleValue) };
  if ("stringValue" in value) return { kind: "string", value: String(value.stringValue) };
  if ("bytesValue" in value)
    return { kind: "bytes", value: new Uint8Array(Buffer.from(String(value.bytesValue), "base64")) };
  if ("listValue" in value) {
    const values = isJson(value.listValue) && Array.isArray(value.listValue.values) ? value.listValue.values : [];
    return { kind: "list", items: values.map(decodeValue) };
  }
  if ("mapValue" in value) {
    const entries = isJson(value.mapValue) && Array.isArray(value.mapValue.entries) ? value.mapValue.entries : [];
    return {
      kind: "map",
      entries: entries.map((entry: unknown) => {
        if (!isJson(entry)) throw new Unsupported("a map entry that is not an object");
        return [decodeValue(entry.key), decodeValue(entry.value)] as const;
      }),
    };
  }
  if ("typeValue" in value) return { kind: "type", name: String(value.typeValue) };
  if ("objectValue" in value) throw new Unsupported("a protobuf message value");
  if ("enumValue" in value) throw new Unsupported("a protobuf enum value");
  throw new Unsupported(`an unknown value ${JSON.stringify(value)}`);
}

/** Decodes a `cel.expr.Type` in its JSON form into our expression types. */
export function decodeType(type: unknown): ExpressionType {
  if (!isJson(type)) throw new Unsupported(`not a type: ${JSON.stringify(type)}`);
  if ("primitive" in type) {
    switch (type.primitive) {
      case "BOOL":
        return { kind: "bool" };
      case "INT64":
        return { kind: "s64" };
      case "UINT64":
        return { kind: "u64" };
      case "DOUBLE":
        return { kind: "f64" };
      case "STRING":
        return { kind: "string" };
      case "BYTES":
        return { kind: "bytes" };
      default:
        throw new Unsupported(`the primitive type ${String(type.primitive)}`);
    }
  }
  if ("null" in type) return { kind: "null" };
  if ("dyn" in type) return { kind: "dyn" };
  if ("listType" in type && isJson(type.listType)) return { kind: "list", element: decodeType(type.listType.elemType) };
  if ("mapType" in type && isJson(type.mapType)) {
    return { kind: "map", key: decodeType(type.mapType.keyType), value: decodeType(type.mapType.valueType) };
  }
  if ("abstractType" in type && isJson(type.abstractType) && type.abstractType.name === "optional_type") {
    const [inner] = Array.isArray(type.abstractType.parameterTypes) ? type.abstractType.parameterTypes : [];
    return { kind: "option", inner: decodeType(inner) };
  }
  if ("messageType" in type) throw new Unsupported(`the protobuf message type ${String(type.messageType)}`);
  throw new Unsupported(`the type ${JSON.stringify(type)}`);
}

/** The declared type of a variable, as the text `parseValueType` reads; maps and others are unsupported. */
function declaredType(type: unknown): string {
  if (!isJson(type)) throw new Unsupported(`a variable of type ${JSON.stringify(type)}`);
  if ("listType" in type && isJson(type.listType)) return `list<${declaredType(type.listType.elemType)}>`;
  if ("primitive" in type) return decodeType(type).kind;
  const what =
    "mapType" in type ? "map" : "null" in type ? "null" : "messageType" in type ? "protobuf message" : "other";
  throw new Unsupported(`a variable of ${what} type`);
}

/** The type of a variable bound without a declaration (`disableCheck` cases), read off its value. */
function typeOfValue(value: Expected): string {
  switch (value.kind) {
    case "int":
      return "s64";
    case "uint":
      return "u64";
    case "double":
      return "f64";
    case "string":
    case "bytes":
    case "bool":
      return value.kind;
    case "list": {
      const [first] = value.items;
      if (first === undefined) throw new Unsupported("an untyped empty list variable");
      return `list<${typeOfValue(first)}>`;
    }
    default:
      throw new Unsupported(`a variable of ${value.kind} type`);
  }
}

/** An expected value in our value model (what `evaluate` returns for it). */
export function toModel(value: Expected): unknown {
  switch (value.kind) {
    case "int":
    case "uint":
      return value.value >= -maxSafeBigInt && value.value <= maxSafeBigInt ? Number(value.value) : value.value;
    case "double":
    case "string":
    case "bytes":
    case "bool":
      return value.value;
    case "null":
      return null;
    case "list":
      return value.items.map(toModel);
    case "map":
      return Object.fromEntries(value.entries.map(([key, item]) => [mapKey(key), toModel(item)]));
    case "type":
      throw new Unsupported("a type value");
  }
}

/** The property name a map key becomes in our model: `String` of the key's value. */
export function mapKey(key: Expected): string {
  const value = toModel(key);
  return String(value);
}

// CEL's keywords and reserved words: a case never binds one (the literal wins).
const reservedWords = reservedStepIds;

// Names that a case reads through `cel.bind` from a field of `input`.
const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Protobuf message types written by name in the expression; `google.protobuf.Timestamp` and
// `google.protobuf.Duration` name CEL's own timestamp and duration types, and are not among them.
const protobufName =
  /\b(google\.protobuf\.(?!Timestamp\b|Duration\b)|cel\.expr\.conformance\.|(Nested)?TestAllTypes\b|GlobalEnum\b|NestedEnum\b)/;

/** The scope of cases without variables: `input` is never read, any type will do. */
const noVariables: ExpressionScope = { input: parseValueType("bool"), steps: {} };
const scopes = new Map<string, ExpressionScope>();

function scopeFor(fields: Readonly<Record<string, string>>): ExpressionScope {
  const key = JSON.stringify(fields);
  let scope = scopes.get(key);
  if (scope === undefined) {
    scope = { input: parseValueType(fields), steps: {} };
    scopes.set(key, scope);
  }
  return scope;
}

interface Prepared {
  readonly text: string;
  readonly scope: ExpressionScope;
  readonly activation: Activation;
}

function prepareVariables(test: SimpleTest): Prepared {
  if (test.container !== undefined && test.container !== "") {
    throw new Unsupported(`the container ${test.container}`);
  }
  if (protobufName.test(test.expr)) throw new Unsupported("protobuf messages written in the expression");
  const fields: Record<string, string> = {};
  for (const declaration of test.typeEnv ?? []) {
    if (declaration.ident === undefined) throw new Unsupported(`the declared function ${declaration.name}`);
    if (reservedWords.has(declaration.name)) continue;
    if (!identifier.test(declaration.name)) throw new Unsupported(`the qualified variable name ${declaration.name}`);
    fields[declaration.name] = declaredType(declaration.ident.type);
  }
  const input: Record<string, unknown> = {};
  for (const [name, binding] of Object.entries(test.bindings ?? {})) {
    if (reservedWords.has(name)) continue;
    if (!identifier.test(name)) throw new Unsupported(`the qualified variable name ${name}`);
    const value = decodeValue(binding.value);
    fields[name] ??= typeOfValue(value);
    input[name] = toModel(value);
  }
  const names = Object.keys(fields);
  if (names.length === 0) return { text: test.expr, scope: noVariables, activation: {} };
  let text = test.expr;
  for (const name of [...names].reverse()) text = `cel.bind(${name}, input.${name}, ${text})`;
  return { text, scope: scopeFor(fields), activation: { input } };
}

function expectationOf(test: SimpleTest): Expectation {
  if (test.evalError !== undefined) return { kind: "error" };
  if (test.typedResult !== undefined) {
    const type = decodeType(test.typedResult.deducedType);
    if (test.checkOnly === true || test.typedResult.result === undefined) return { kind: "check", type };
    return { kind: "value", value: decodeValue(test.typedResult.result), type };
  }
  if (test.checkOnly === true) throw new Unsupported("a check-only case without a type");
  // A SimpleTest with no result matcher expects `true`.
  return { kind: "value", value: test.value === undefined ? { kind: "bool", value: true } : decodeValue(test.value) };
}

function prepare(file: string, section: string, id: string, test: SimpleTest): ConformanceCase {
  const base = { id, file, section, name: test.name ?? test.expr, expr: test.expr };
  try {
    const prepared = prepareVariables(test);
    const expectation = expectationOf(test);
    if (expectation.kind === "value" && expectation.value.kind === "type") {
      // A type cannot leave an expression (flow values have no type kind): the case runs as
      // `(<expr>) == <type>`, which must be true.
      return {
        ...base,
        ...prepared,
        text: `(${prepared.text}) == ${expectation.value.name}`,
        expect: { kind: "value", value: { kind: "bool", value: true } },
      };
    }
    return { ...base, ...prepared, expect: expectation };
  } catch (error) {
    if (!(error instanceof Unsupported)) throw error;
    return {
      ...base,
      text: test.expr,
      scope: noVariables,
      activation: {},
      expect: { kind: "error" },
      blocker: error.message,
    };
  }
}

function flatten(root: SuiteNode): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  const seen = new Map<string, number>();
  for (const file of root.suites ?? []) {
    for (const section of file.suites ?? []) {
      for (const { original } of section.tests ?? []) {
        const test = original as SimpleTest;
        const base = `${file.name}/${section.name}/${test.name ?? test.expr}`;
        const count = (seen.get(base) ?? 0) + 1;
        seen.set(base, count);
        cases.push(prepare(file.name, section.name, count === 1 ? base : `${base}#${count}`, test));
      }
    }
  }
  return cases;
}

/** Every case of the suite, in its order. */
export const conformanceCases: readonly ConformanceCase[] = flatten(tests as SuiteNode);
