import type { Issue } from "../errors/index.js";
import { formatValueType, type RecordField, resultCases, type ValueType, type VariantCase } from "../values/index.js";
import { formatWitType, type WitCase, type WitField, type WitType } from "../wasm/index.js";
import { fieldNameMatches, kebabOf } from "./component-names.js";
import { unsupportedIssue, unsupportedReason } from "./unsupported.js";

/**
 * Compares a declared type with a component's, structurally, and adds an issue for each place
 * they differ, at the narrowest path: a record's field by our name (`input.meta.tags`), a list's
 * items as `[]`, a tuple's as `[0]`, a variant's or result's payload as `.val` (an option's inner
 * type shares the option's path). Record fields match by name in order, our name's kebab-case
 * form against the WIT label; case and flag names must be the same text; `bytes` is `list<u8>`.
 */
export function compareTypes(ours: ValueType, theirs: WitType, path: string, issues: Issue[]): void {
  const reason = unsupportedReason(theirs);
  if (reason !== undefined) {
    issues.push(unsupportedIssue(path, theirs, reason));
    return;
  }
  if (headOf(ours) !== headOf(theirs)) {
    issues.push(mismatch(path, ours, theirs, "is another type"));
    return;
  }
  switch (ours.kind) {
    case "list":
      compareTypes(ours.element, (theirs as Extract<WitType, { kind: "list" }>).element, `${path}[]`, issues);
      return;
    case "option": {
      const inner = (theirs as Extract<WitType, { kind: "option" }>).inner;
      // Two options of different types differ as options: the inner types alone would read as the field's.
      if (unsupportedReason(inner) === undefined && headOf(ours.inner) !== headOf(inner)) {
        issues.push(mismatch(path, ours, theirs, "is another type"));
      } else {
        compareTypes(ours.inner, inner, path, issues);
      }
      return;
    }
    case "record":
      compareFields(ours.fields, (theirs as Extract<WitType, { kind: "record" }>).fields, path, issues, {
        expected: formatValueType(ours),
        actual: formatWitType(theirs),
        noun: "field",
      });
      return;
    case "tuple": {
      const elements = (theirs as Extract<WitType, { kind: "tuple" }>).elements;
      if (elements.length !== ours.elements.length) {
        issues.push(
          mismatch(path, ours, theirs, `has ${ours.elements.length} items, the component's ${elements.length}`),
        );
        return;
      }
      ours.elements.forEach((element, i) => {
        compareTypes(element, elements[i] as WitType, `${path}[${i}]`, issues);
      });
      return;
    }
    case "enum":
      compareLabels(
        ours.cases,
        (theirs as Extract<WitType, { kind: "enum" }>).cases,
        "case",
        path,
        ours,
        theirs,
        issues,
      );
      return;
    case "flags":
      compareLabels(
        ours.flags,
        (theirs as Extract<WitType, { kind: "flags" }>).flags,
        "flag",
        path,
        ours,
        theirs,
        issues,
      );
      return;
    case "variant":
      compareCases(ours.cases, (theirs as Extract<WitType, { kind: "variant" }>).cases, path, ours, theirs, issues);
      return;
    case "result": {
      const { ok, err } = theirs as Extract<WitType, { kind: "result" }>;
      const witCases: WitCase[] = [ok === undefined ? { name: "ok" } : { name: "ok", type: ok }];
      witCases.push(err === undefined ? { name: "err" } : { name: "err", type: err });
      compareCases(resultCases(ours), witCases, path, ours, theirs, issues);
      return;
    }
    default:
      return;
  }
}

/** What a type is at its outermost level, in our terms: `list<u8>` is `bytes`. */
function headOf(type: ValueType | WitType): string {
  if (type.kind === "list" && type.element.kind === "u8") return "bytes";
  return type.kind;
}

function mismatch(path: string, ours: ValueType, theirs: WitType, why: string): Issue {
  const expected = formatValueType(ours);
  const actual = formatWitType(theirs);
  return {
    code: "COMPONENT_TYPE_MISMATCH",
    path,
    expected,
    actual,
    message: `${why}: the definition declares ${expected}, the component has ${actual}`,
  };
}

/**
 * Record fields, or a function's parameters against an input record: the same names in the same
 * order, then each pair's types. Pairs that match by name are compared even when the lists
 * differ, so every problem shows at once.
 */
export function compareFields(
  ours: readonly RecordField[],
  theirs: readonly WitField[],
  path: string,
  issues: Issue[],
  shown: { readonly expected: string; readonly actual: string; readonly noun: "field" | "parameter" },
): void {
  const inOrder =
    ours.length === theirs.length && ours.every((f, i) => fieldNameMatches(f.name, theirs[i]?.name ?? ""));
  if (!inOrder) {
    issues.push({
      code: "COMPONENT_TYPE_MISMATCH",
      path,
      expected: shown.expected,
      actual: shown.actual,
      message: fieldsDiffer(ours, theirs, shown.noun),
    });
  }
  for (const field of ours) {
    const match = theirs.find((t) => fieldNameMatches(field.name, t.name));
    if (match !== undefined) compareTypes(field.type, match.type, `${path}.${field.name}`, issues);
  }
}

function fieldsDiffer(ours: readonly RecordField[], theirs: readonly WitField[], noun: string): string {
  const missing = ours.filter((f) => !theirs.some((t) => fieldNameMatches(f.name, t.name)));
  const extra = theirs.filter((t) => !ours.some((f) => fieldNameMatches(f.name, t.name)));
  const parts: string[] = [];
  for (const field of missing) {
    const kebab = kebabOf(field.name);
    const shownName = kebab === field.name ? field.name : `${field.name} (${kebab})`;
    parts.push(`the component has no ${noun} ${shownName}`);
  }
  for (const field of extra) parts.push(`the definition has no field for the component's ${noun} ${field.name}`);
  if (parts.length === 0)
    parts.push(`the ${noun}s are in another order: the component's are ${theirs.map((t) => t.name).join(", ")}`);
  return `${parts.join("; ")} (a field matches a ${noun} when its kebab-case form is the WIT name)`;
}

function compareLabels(
  ours: readonly string[],
  theirs: readonly string[],
  noun: "case" | "flag",
  path: string,
  oursType: ValueType,
  theirsType: WitType,
  issues: Issue[],
): void {
  if (ours.length === theirs.length && ours.every((name, i) => name === theirs[i])) return;
  issues.push(mismatch(path, oursType, theirsType, labelsDiffer(ours, theirs, noun)));
}

function labelsDiffer(ours: readonly string[], theirs: readonly string[], noun: string): string {
  const missing = ours.filter((name) => !theirs.includes(name));
  const extra = theirs.filter((name) => !ours.includes(name));
  const parts: string[] = [];
  if (missing.length > 0) parts.push(`the component has no ${noun} ${missing.join(", ")}`);
  if (extra.length > 0) parts.push(`the definition has no ${noun} ${extra.join(", ")}`);
  if (parts.length === 0) parts.push(`the ${noun}s are in another order (the order is their index on the wire)`);
  return parts.join("; ");
}

function compareCases(
  ours: readonly VariantCase[],
  theirs: readonly WitCase[],
  path: string,
  oursType: ValueType,
  theirsType: WitType,
  issues: Issue[],
): void {
  const names = theirs.map((c) => c.name);
  if (ours.length !== theirs.length || ours.some((c, i) => c.name !== names[i])) {
    issues.push(
      mismatch(
        path,
        oursType,
        theirsType,
        labelsDiffer(
          ours.map((c) => c.name),
          names,
          "case",
        ),
      ),
    );
    return;
  }
  ours.forEach((ourCase, i) => {
    const payload = (theirs[i] as WitCase).type;
    const at = `${path}.val`;
    if (ourCase.type !== undefined && payload !== undefined) {
      compareTypes(ourCase.type, payload, at, issues);
      return;
    }
    if (ourCase.type === undefined && payload === undefined) return;
    const expected = ourCase.type === undefined ? "no payload" : formatValueType(ourCase.type);
    const actual = payload === undefined ? "no payload" : formatWitType(payload);
    issues.push({
      code: "COMPONENT_TYPE_MISMATCH",
      path: at,
      expected,
      actual,
      message: `case ${ourCase.name}: the definition declares ${expected}, the component has ${actual}`,
    });
  });
}
