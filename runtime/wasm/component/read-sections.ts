import { headerLength } from "../header.js";
import type { Reader } from "../reader.js";
import { componentPreambleProblem } from "./preamble.js";
import { checkScopeDepth, readAlias, readExternDesc, readExternName, readIndex, readSortIndex } from "./read-extern.js";
import { readTypeDefinition } from "./read-type.js";
import { type Extern, type Item, Scope } from "./scope.js";

const sectionNames: readonly string[] = [
  "custom",
  "core module",
  "core instance",
  "core type",
  "component",
  "instance",
  "alias",
  "type",
  "canon",
  "start",
  "import",
  "export",
  "value",
];

/**
 * Reads the component that fills `r` from its preamble to `r.end`, nested in `parent` (for a
 * component section). Core modules, core instances and core types are skipped by size: the types
 * a task's signature needs are all in the component's own sections.
 */
export function readComponent(r: Reader, parent: Scope | undefined): Scope {
  const scope = new Scope(parent, parent === undefined ? 0 : parent.depth + 1);
  checkScopeDepth(r, scope.depth);
  const problem = componentPreambleProblem(r.bytes.subarray(r.pos, r.end));
  if (problem !== undefined) r.fail(problem);
  r.pos += headerLength;
  const componentEnd = r.end;
  while (r.pos < componentEnd) {
    const sectionOffset = r.pos;
    r.end = componentEnd;
    const id = r.u8("section id");
    const size = r.u32("section size");
    const name = sectionNames[id];
    if (name === undefined) r.fail(`unknown component section id ${id}`, sectionOffset);
    if (size > r.remaining) {
      r.fail(`truncated: ${name} section declares ${size} bytes but only ${r.remaining} remain`, sectionOffset);
    }
    const end = r.pos + size;
    r.end = end;
    readSection(r, scope, id);
    r.expectEnd(`the ${name} section`);
    r.pos = end;
  }
  r.end = componentEnd;
  return scope;
}

function readSection(r: Reader, scope: Scope, id: number): void {
  switch (id) {
    case 4:
      scope.components.push({ kind: "defined", scope: readComponent(r, scope) });
      return;
    case 5:
      readEach(r, "instance", 2, () => readInstance(r, scope));
      return;
    case 6:
      readEach(r, "alias", 3, () => readAlias(r, scope));
      return;
    case 7:
      readEach(r, "type", 1, () => scope.types.push(readTypeDefinition(r, scope)));
      return;
    case 8:
      readEach(r, "canonical function", 2, () => readCanon(r, scope));
      return;
    case 10:
      readEach(r, "import", 3, () => scope.imports.push(readExternDesc(r, scope, readExternName(r))));
      return;
    case 11:
      readEach(r, "export", 4, () => scope.exports.push(readExport(r, scope)));
      return;
    default:
      // Custom, core module, core instance, core type, start and value sections.
      r.pos = r.end;
  }
}

function readEach(r: Reader, what: string, minBytes: number, read: () => void): void {
  const count = r.count(what, minBytes);
  for (let i = 0; i < count; i++) read();
}

function readInstance(r: Reader, scope: Scope): void {
  const at = r.pos;
  const kind = r.u8("instance kind");
  if (kind === 0x00) {
    const component = readIndex(r, scope.components, "component");
    // The arguments fill the component's imports; the types it exports are read from its own declarations.
    readEach(r, "instantiation argument", 3, () => readSortIndex(r, scope, r.name("argument name")));
    scope.instances.push({ kind: "instantiate", component });
    return;
  }
  if (kind === 0x01) {
    const exports: Item[] = [];
    readEach(r, "inline export", 3, () => exports.push(readSortIndex(r, scope, readExternName(r))));
    scope.instances.push({ kind: "inline", exports });
    return;
  }
  r.fail(`unknown instance kind 0x${kind.toString(16)}`, at);
}

/**
 * An export: a new index in its sort's space, the same entry as the one exported, or, with a
 * type ascribed, an entry of that type.
 */
function readExport(r: Reader, scope: Scope): Extern {
  const name = readExternName(r);
  const item = readSortIndex(r, scope, name);
  const flagAt = r.pos;
  const flag = r.u8("export type flag");
  if (flag === 0x01) {
    const ascribed = readExternDesc(r, scope, name);
    // A core item's sort reads as `core` from its index and `core-module` from a type: the one core sort exported.
    const sort = item.sort === "core" ? "core-module" : item.sort;
    if (ascribed.sort !== sort) r.fail(`export "${name}" is a ${sort} ascribed a ${ascribed.sort}`, flagAt);
    return ascribed;
  }
  if (flag !== 0x00) r.fail(`export type flag: expected 0x00 or 0x01, found 0x${flag.toString(16)}`, flagAt);
  switch (item.sort) {
    case "type":
      scope.types.push({ kind: "same", of: item.entry, name });
      return item;
    case "func":
      scope.funcs.push({ kind: "same", of: item.entry });
      return item;
    case "instance":
      scope.instances.push({ kind: "same", of: item.entry });
      return item;
    case "component":
      scope.components.push({ kind: "same", of: item.entry });
      return item;
    default:
      return item;
  }
}

// canonopt: string encodings and `async` carry nothing; memory, realloc, post-return and callback an index.
const optionsWithIndex = new Set([0x03, 0x04, 0x05, 0x07]);
const optionsWithout = new Set([0x00, 0x01, 0x02, 0x06]);

function readCanonOptions(r: Reader): void {
  readEach(r, "canonical option", 1, () => {
    const at = r.pos;
    const option = r.u8("canonical option");
    if (optionsWithIndex.has(option)) r.u32("canonical option index");
    else if (!optionsWithout.has(option)) r.fail(`unknown canonical option 0x${option.toString(16)}`, at);
  });
}

/**
 * `canon`: a lift makes a component function of a core one; lower and the resource built-ins make
 * core functions, which are not kept. The async and thread built-ins are refused: a component that
 * needs them is not one wasmflow can run.
 */
function readCanon(r: Reader, scope: Scope): void {
  const at = r.pos;
  const op = r.u8("canonical function kind");
  switch (op) {
    case 0x00: {
      expectCoreFunc(r);
      r.u32("core function index");
      readCanonOptions(r);
      scope.funcs.push({ kind: "typed", type: readIndex(r, scope.types, "type") });
      return;
    }
    case 0x01:
      expectCoreFunc(r);
      readIndex(r, scope.funcs, "function");
      readCanonOptions(r);
      return;
    case 0x02:
    case 0x03:
    case 0x04:
    case 0x07:
      readIndex(r, scope.types, "resource type");
      return;
    default:
      r.fail(`canonical built-in 0x${op.toString(16)} (async, streams or threads) is not supported`, at);
  }
}

function expectCoreFunc(r: Reader): void {
  const at = r.pos;
  const sort = r.u8("core function sort");
  if (sort !== 0x00) r.fail(`expected core function sort 0x00, found 0x${sort.toString(16)}`, at);
}
