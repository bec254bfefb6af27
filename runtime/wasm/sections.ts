import { skipConstExpr } from "./const-expr.js";
import { readGlobalType, readLimits, readTableType, readValueType } from "./read-types.js";
import type { Reader } from "./reader.js";
import { functionType, type TypeTable } from "./type-section.js";
import type {
  CustomSection,
  ExportEntry,
  ExternalKind,
  FuncSignature,
  GlobalType,
  ImportEntry,
  Limits,
  TableType,
} from "./types.js";

/** Everything gathered while walking the sections, imported entries first in each index space. */
export interface ParseState {
  readonly types: TypeTable;
  /** Type index of every function: imported ones, then defined ones. */
  readonly functionTypes: number[];
  importedFunctions: number;
  readonly tables: TableType[];
  readonly memories: Limits[];
  readonly globals: GlobalType[];
  readonly tags: FuncSignature[];
  readonly imports: ImportEntry[];
  readonly exports: ExportEntry[];
  startFunction: number | undefined;
  elementSegments: number;
  elementEntries: number;
  readonly customSections: CustomSection[];
}

const externalKinds: readonly ExternalKind[] = ["func", "table", "memory", "global", "tag"];

function readExternalKind(r: Reader): ExternalKind {
  const offset = r.pos;
  const code = r.u8("external kind");
  return externalKinds[code] ?? r.fail(`unsupported external kind 0x${code.toString(16)}`, offset);
}

function readTagType(r: Reader, types: TypeTable): FuncSignature {
  const offset = r.pos;
  if (r.u8("tag attribute") !== 0) r.fail("unsupported tag attribute", offset);
  const typeOffset = r.pos;
  return functionType(r, types, r.u32("type index"), typeOffset);
}

export function readImportSection(r: Reader, state: ParseState): void {
  // Module name, field name, kind and description take at least one byte each.
  const count = r.count("import", 4);
  for (let i = 0; i < count; i++) {
    const module = r.name("import module name");
    const name = r.name("import name");
    const kind = readExternalKind(r);
    switch (kind) {
      case "func": {
        const offset = r.pos;
        const index = r.u32("type index");
        const type = functionType(r, state.types, index, offset);
        state.functionTypes.push(index);
        state.importedFunctions++;
        state.imports.push({ module, name, kind, type });
        break;
      }
      case "table": {
        const type = readTableType(r);
        state.tables.push(type);
        state.imports.push({ module, name, kind, type });
        break;
      }
      case "memory": {
        const type = readLimits(r, "memory");
        state.memories.push(type);
        state.imports.push({ module, name, kind, type });
        break;
      }
      case "global": {
        const type = readGlobalType(r);
        state.globals.push(type);
        state.imports.push({ module, name, kind, type });
        break;
      }
      case "tag": {
        const type = readTagType(r, state.types);
        state.tags.push(type);
        state.imports.push({ module, name, kind, type });
        break;
      }
    }
  }
}

export function readFunctionSection(r: Reader, state: ParseState): void {
  const count = r.count("function");
  for (let i = 0; i < count; i++) {
    const offset = r.pos;
    const index = r.u32("type index");
    functionType(r, state.types, index, offset);
    state.functionTypes.push(index);
  }
}

// A table with an explicit initial value (typed function references) is prefixed by 0x40 0x00.
const tableWithInitializer = 0x40;

export function readTableSection(r: Reader, state: ParseState): void {
  const count = r.count("table", 2);
  for (let i = 0; i < count; i++) {
    if (r.pos < r.end && r.bytes[r.pos] === tableWithInitializer) {
      const offset = ++r.pos;
      if (r.u8("table") !== 0) r.fail("unsupported table encoding", offset);
      state.tables.push(readTableType(r));
      skipConstExpr(r);
    } else {
      state.tables.push(readTableType(r));
    }
  }
}

export function readMemorySection(r: Reader, state: ParseState): void {
  const count = r.count("memory", 2);
  for (let i = 0; i < count; i++) state.memories.push(readLimits(r, "memory"));
}

export function readTagSection(r: Reader, state: ParseState): void {
  const count = r.count("tag", 2);
  for (let i = 0; i < count; i++) state.tags.push(readTagType(r, state.types));
}

export function readGlobalSection(r: Reader, state: ParseState): void {
  // Value type, mutability and the initializer's `end` take at least one byte each.
  const count = r.count("global", 3);
  for (let i = 0; i < count; i++) {
    state.globals.push(readGlobalType(r));
    skipConstExpr(r);
  }
}

// Sections are read in their required order, so every index space is complete by the time
// the export section is read and each export's type can be resolved on the spot.
export function readExportSection(r: Reader, state: ParseState): void {
  const count = r.count("export", 3);
  for (let i = 0; i < count; i++) {
    const offset = r.pos;
    const name = r.name("export name");
    const kind = readExternalKind(r);
    const index = r.u32("export index");
    state.exports.push(resolveExport(r, state, name, kind, index, offset));
  }
}

function resolveExport(
  r: Reader,
  state: ParseState,
  name: string,
  kind: ExternalKind,
  index: number,
  offset: number,
): ExportEntry {
  const missing = (count: number): never =>
    r.fail(`export "${name}" names ${kind} ${index}, but the module has only ${count}`, offset);
  switch (kind) {
    case "func": {
      const typeIndex = state.functionTypes[index] ?? missing(state.functionTypes.length);
      return { name, kind, index, type: functionType(r, state.types, typeIndex, offset) };
    }
    case "table":
      return { name, kind, index, type: state.tables[index] ?? missing(state.tables.length) };
    case "memory":
      return { name, kind, index, type: state.memories[index] ?? missing(state.memories.length) };
    case "global":
      return { name, kind, index, type: state.globals[index] ?? missing(state.globals.length) };
    case "tag":
      return { name, kind, index, type: state.tags[index] ?? missing(state.tags.length) };
  }
}

export function readStartSection(r: Reader, state: ParseState): void {
  state.startFunction = r.u32("start function index");
}

// Element segment flags: bit 0 passive or declarative, bit 1 an explicit table index (active) or
// declarative (otherwise), bit 2 entries are constant expressions rather than function indices.
const elemNotActive = 0x01;
const elemTableOrDeclarative = 0x02;
const elemExpressions = 0x04;

/**
 * Counts segments and entries; nothing is kept per segment, so a module declaring millions of
 * them costs the inspector no more than reading them.
 */
export function readElementSection(r: Reader, state: ParseState): void {
  // Flags and an empty entry vector take at least one byte each.
  const count = r.count("element segment", 2);
  for (let i = 0; i < count; i++) {
    const offset = r.pos;
    const flags = r.u32("element segment flags");
    if (flags > 7) r.fail(`unsupported element segment flags ${flags}`, offset);
    const active = (flags & elemNotActive) === 0;
    const expressions = (flags & elemExpressions) !== 0;
    if (active) {
      if ((flags & elemTableOrDeclarative) !== 0) r.u32("table index");
      skipConstExpr(r);
    }
    // Flags 0 and 4 (active on table 0) have neither element kind nor reference type.
    if ((flags & (elemNotActive | elemTableOrDeclarative)) !== 0) {
      if (expressions) {
        readValueType(r);
      } else {
        const kindOffset = r.pos;
        if (r.u8("element kind") !== 0) r.fail("unsupported element kind", kindOffset);
      }
    }
    // A function index takes at least one byte, a constant expression two.
    const entries = r.count("element", expressions ? 2 : 1);
    if (expressions) for (let j = 0; j < entries; j++) skipConstExpr(r);
    else for (let j = 0; j < entries; j++) r.u32("function index");
    state.elementEntries += entries;
  }
  state.elementSegments += count;
}

export function readCustomSection(r: Reader, state: ParseState): void {
  const name = r.name("custom section name");
  state.customSections.push({ name, data: r.view(r.remaining, "custom section") });
}
