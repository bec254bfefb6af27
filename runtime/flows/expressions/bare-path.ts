import type { RecordType, ValueType } from "../../values/index.js";
import { type CelShape, type RegisterRecord, shapeOf } from "./cel-shape.js";
import { ExpressionError } from "./errors.js";
import { fromCel } from "./from-cel.js";
import { expressionHint } from "./hints.js";
import { clip, verb } from "./library-errors.js";
import { memberType } from "./result-type.js";
import { type ExpressionScope, stepErrorType } from "./scope.js";
import type { SyntaxNode } from "./syntax-tree.js";
import { toCel } from "./to-cel.js";

/** One member read by a bare path, with where it stands in the text (as the library reports it). */
interface Segment {
  readonly key: string;
  readonly start: number;
  readonly end: number;
}

/**
 * A bare path through declared records (`steps.count.output.words`, `input.user.name`), and
 * through flags and variants (`input.perms.read`, `steps.paint.output.shape.tag`) — most of a
 * flow's mappings — read without the library: no environment to build per step (a 10 000-step
 * flow would build 10 000), and the same answer the library gives, errors included. The values
 * are converted as an evaluation converts them (the whole of `input`, the read step's `output`
 * or `error`, each checked against its declared type), then the path is followed.
 */
export interface PathReader {
  readonly root: "input" | "steps";
  readonly input: CelShape | undefined;
  readonly steps: CelShape;
  readonly segments: readonly Segment[];
}

// Shapes are only converted to, never registered: the library never sees these values.
const unregistered: RegisterRecord = () => {};
const shapes = new WeakMap<ValueType, CelShape>();

function shapeFor(type: ValueType, path: string): CelShape {
  let shape = shapes.get(type);
  if (shape === undefined) {
    shape = shapeOf(type, path, unregistered);
    shapes.set(type, shape);
  }
  return shape;
}

/**
 * The reader of `root` when it is a bare path whose every step but the last goes through a
 * declared record field (or a flag, a variant's `tag` or `val`) whose type is known, with the type
 * it reads; undefined otherwise (the library compiles it, and reports what is wrong with it).
 */
export function pathReader(
  root: SyntaxNode,
  scope: ExpressionScope,
): { readonly reader: PathReader; readonly type: ValueType } | undefined {
  const path = segmentsOf(root);
  if (path === undefined) return undefined;
  let reader: PathReader;
  let type: ValueType | undefined;
  if (path.root === "input") {
    reader = {
      root: "input",
      input: shapeFor(scope.input, "input"),
      steps: stepsShape(undefined, []),
      segments: path.segments,
    };
    type = scope.input;
  } else {
    // `steps` as an evaluation declares it: a record of the one step read, with what it exposes.
    const id = path.segments[0]?.key;
    if (id === undefined || path.segments.length < 2 || !Object.hasOwn(scope.steps, id)) return undefined;
    const step = scope.steps[id];
    const fields: RecordType["fields"][number][] = [];
    if (step?.output !== undefined) fields.push({ name: "output", type: step.output });
    if (step?.error === true) fields.push({ name: "error", type: stepErrorType });
    const shape = stepsShape(id, fields);
    reader = { root: "steps", input: undefined, steps: shape, segments: path.segments };
    type = shape.type;
  }
  for (const segment of path.segments) {
    if (type === undefined || !isMessage(type)) return undefined;
    type = memberType(type, segment.key);
  }
  return type === undefined ? undefined : { reader, type };
}

/** Whether the library holds a value of `type` as an instance whose declared members are own properties. */
function isMessage(type: ValueType): boolean {
  return type.kind === "record" || type.kind === "flags" || type.kind === "variant" || type.kind === "result";
}

/** Reads the path as an evaluation of it would; throws what `evaluate` throws. */
export function readPath(reader: PathReader, activation: { input?: unknown; steps?: unknown }, text: string): unknown {
  const input = reader.input === undefined ? undefined : toCel(reader.input, activation.input, "input");
  const steps = toCel(reader.steps, activation.steps ?? {}, "steps");
  let value = reader.root === "input" ? input : steps;
  for (const segment of reader.segments) {
    if (!Object.hasOwn(value as object, segment.key)) throw noSuchKey(text, segment);
    value = (value as Record<string, unknown>)[segment.key];
  }
  return fromCel(value);
}

/** The record `steps` as an evaluation declares it: only the step read, with what it exposes. */
function stepsShape(id: string | undefined, fields: RecordType["fields"]): CelShape {
  const step: RecordType = { kind: "record", fields };
  const type: RecordType = { kind: "record", fields: id === undefined ? [] : [{ name: id, type: step }] };
  const record = nullRecord;
  const stepShape: CelShape = {
    kind: "record",
    type: step,
    cel: "",
    record,
    fields: fields.map((field) => [field.name, shapeFor(field.type, `steps.${id}.${field.name}`)] as const),
  };
  return { kind: "record", type, cel: "", record, fields: id === undefined ? [] : [[id, stepShape]] };
}

// A record the library never sees needs no class of its own; null-prototype so a declared field
// that is absent finds nothing (see cel-shape.ts).
const nullRecord = (() => {
  const record = class PathRecord {};
  Object.setPrototypeOf(record.prototype, null);
  return record as unknown as new () => Record<string, unknown>;
})();

function noSuchKey(text: string, segment: Segment): ExpressionError {
  const hint = expressionHint("no_such_key", text, segment.start, segment.end);
  return new ExpressionError(
    "CONDITION_ERROR",
    `${verb("CONDITION_ERROR")} "${clip(text)}" at position ${segment.start}: No such key: ${segment.key}${hint === undefined ? "" : `; ${hint}`}`,
    { expression: text, reason: "no_such_key", position: segment.start, end: segment.end },
  );
}

/** The members read by `input.a.b` or `steps.x.output` (also `steps["x"]`), with their positions. */
function segmentsOf(root: SyntaxNode): { root: "input" | "steps"; segments: Segment[] } | undefined {
  const segments: Segment[] = [];
  let node: SyntaxNode = root;
  for (;;) {
    if (node.op === "id" && (node.args === "input" || node.args === "steps")) {
      return { root: node.args, segments: segments.reverse() };
    }
    if (!Array.isArray(node.args) || node.end === undefined) return undefined;
    const [receiver, key] = node.args as unknown[];
    if (typeof receiver !== "object" || receiver === null) return undefined;
    if (node.op === "." && typeof key === "string") {
      segments.push({ key, start: node.end - key.length, end: node.end });
    } else if (
      node.op === "[]" &&
      node.start !== undefined &&
      typeof key === "object" &&
      key !== null &&
      (key as SyntaxNode).op === "value" &&
      typeof (key as SyntaxNode).args === "string"
    ) {
      segments.push({ key: (key as SyntaxNode).args as string, start: node.start, end: node.end });
    } else return undefined;
    node = receiver as SyntaxNode;
  }
}
