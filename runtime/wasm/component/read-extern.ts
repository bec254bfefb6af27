import type { Reader } from "../reader.js";
import { componentLimits } from "./limits.js";
import type { ComponentEntry, Extern, FuncEntry, InstanceEntry, Item, Scope, TypeEntry } from "./scope.js";

/** The sorts an index space is kept for; core items and values are only ever skipped. */
export type Sort = "func" | "type" | "instance" | "component" | "value" | "core";

const sortBytes: Readonly<Record<number, Sort>> = { 1: "func", 2: "value", 3: "type", 4: "component", 5: "instance" };
// core:sort — func, table, memory, global, tag, type, module, instance.
const coreSortBytes = new Set([0x00, 0x01, 0x02, 0x03, 0x04, 0x10, 0x11, 0x12]);

export function readSort(r: Reader): Sort {
  const at = r.pos;
  const byte = r.u8("sort");
  if (byte === 0x00) {
    const core = r.u8("core sort");
    if (!coreSortBytes.has(core)) r.fail(`unknown core sort 0x${core.toString(16)}`, at + 1);
    return "core";
  }
  return sortBytes[byte] ?? r.fail(`unknown sort 0x${byte.toString(16)}`, at);
}

/** An index into `space`, which must name an entry already there. */
export function readIndex<T>(r: Reader, space: readonly T[], what: string): T {
  const at = r.pos;
  const index = r.u32(`${what} index`);
  const entry = space[index];
  if (entry === undefined) r.fail(`${what} index ${index} is out of range (${space.length} defined)`, at);
  return entry;
}

/** An import or export name: 0x00 (or the older 0x01, same meaning) then the name. */
export function readExternName(r: Reader): string {
  const at = r.pos;
  const kind = r.u8("name kind");
  if (kind !== 0x00 && kind !== 0x01) r.fail(`unknown name kind 0x${kind.toString(16)}`, at);
  return r.name("import or export name");
}

/** `sortidx`: a sort and an index into its space, as the item a name gives it. */
export function readSortIndex(r: Reader, scope: Scope, name: string): Item {
  const sort = readSort(r);
  switch (sort) {
    case "type":
      return { name, sort, entry: readIndex(r, scope.types, "type") };
    case "func":
      return { name, sort, entry: readIndex(r, scope.funcs, "function") };
    case "instance":
      return { name, sort, entry: readIndex(r, scope.instances, "instance") };
    case "component":
      return { name, sort, entry: readIndex(r, scope.components, "component") };
    default:
      // Core items and values have spaces of their own that nothing here looks into.
      r.u32(`${sort} index`);
      return { name, sort };
  }
}

/** `externdesc` as the item it declares under `name`; the new index goes into its space. */
export function readExternDesc(r: Reader, scope: Scope, name: string): Extern {
  const at = r.pos;
  const kind = r.u8("extern kind");
  switch (kind) {
    case 0x00: {
      const core = r.u8("core module kind");
      if (core !== 0x11) r.fail(`unknown core extern kind 0x${core.toString(16)}`, at + 1);
      r.u32("core type index");
      return { name, sort: "core-module" };
    }
    case 0x01: {
      const entry: FuncEntry = { kind: "typed", type: readIndex(r, scope.types, "type") };
      scope.funcs.push(entry);
      return { name, sort: "func", entry };
    }
    case 0x02: {
      const bound = r.u8("value bound");
      if (bound === 0x00) r.u32("value index");
      else if (bound === 0x01) skipValueType(r);
      else r.fail(`unknown value bound 0x${bound.toString(16)}`, at + 1);
      return { name, sort: "value" };
    }
    case 0x03: {
      const bound = r.u8("type bound");
      let entry: TypeEntry;
      if (bound === 0x00) entry = { kind: "same", of: readIndex(r, scope.types, "type"), name };
      else if (bound === 0x01) entry = { kind: "resource", name };
      else return r.fail(`unknown type bound 0x${bound.toString(16)}`, at + 1);
      scope.types.push(entry);
      return { name, sort: "type", entry, bound: bound === 0x00 ? "eq" : "resource" };
    }
    case 0x04: {
      const entry: ComponentEntry = { kind: "typed", type: readIndex(r, scope.types, "type") };
      scope.components.push(entry);
      return { name, sort: "component", entry };
    }
    case 0x05: {
      const entry: InstanceEntry = { kind: "typed", type: readIndex(r, scope.types, "type") };
      scope.instances.push(entry);
      return { name, sort: "instance", entry };
    }
    default:
      return r.fail(`unknown extern kind 0x${kind.toString(16)}`, at);
  }
}

// A value's type is only skipped: a primitive byte or an s33 type index.
function skipValueType(r: Reader): void {
  r.signed(33, "value type");
}

/** `alias`: a new entry in its sort's space, naming an instance's export or an outer scope's entry. */
export function readAlias(r: Reader, scope: Scope): void {
  const sort = readSort(r);
  const at = r.pos;
  const target = r.u8("alias target");
  if (sort === "core") {
    // Core exports and outer core types or modules: core spaces are not kept.
    if (target === 0x01 || target === 0x02) {
      r.u32("index");
      if (target === 0x01) r.name("core export name");
      else r.u32("index");
      return;
    }
    r.fail(`unknown core alias target 0x${target.toString(16)}`, at);
  }
  if (target === 0x00) {
    const instance = readIndex(r, scope.instances, "instance");
    const name = r.name("export name");
    pushExportAlias(scope, sort, instance, name);
    return;
  }
  if (target === 0x02) {
    const countAt = r.pos;
    const count = r.u32("outer count");
    let outer: Scope = scope;
    for (let i = 0; i < count; i++) {
      if (outer.parent === undefined) r.fail(`outer alias counts out ${count} scopes, past the outermost`, countAt);
      outer = outer.parent;
    }
    // Only types and components may be aliased from an enclosing scope.
    if (sort === "type") scope.types.push(readIndex(r, outer.types, "outer type"));
    else if (sort === "component") scope.components.push(readIndex(r, outer.components, "outer component"));
    else r.fail(`an outer alias of a ${sort} is not allowed`, at);
    return;
  }
  r.fail(`unknown alias target 0x${target.toString(16)}`, at);
}

function pushExportAlias(scope: Scope, sort: Sort, instance: InstanceEntry, name: string): void {
  switch (sort) {
    case "type":
      scope.types.push({ kind: "export", instance, name });
      return;
    case "func":
      scope.funcs.push({ kind: "export", instance, name });
      return;
    case "instance":
      scope.instances.push({ kind: "export", instance, name });
      return;
    case "component":
      scope.components.push({ kind: "export", instance, name });
      return;
    default:
      // A value: its space is not kept.
      return;
  }
}

/** Checks that a new scope is not nested deeper than the limit. */
export function checkScopeDepth(r: Reader, depth: number): void {
  if (depth > componentLimits.maxScopeDepth) {
    r.fail(`components and types nest deeper than ${componentLimits.maxScopeDepth} levels`);
  }
}
