import { ModuleParseError } from "../errors/index.js";
import { headerLength, headerProblem } from "./header.js";
import { Reader } from "./reader.js";
import {
  type ParseState,
  readCustomSection,
  readElementSection,
  readExportSection,
  readFunctionSection,
  readGlobalSection,
  readImportSection,
  readMemorySection,
  readStartSection,
  readTableSection,
  readTagSection,
} from "./sections.js";
import { readTypeSection, type TypeTable } from "./type-section.js";
import type { ModuleInfo } from "./types.js";

const sectionNames: readonly string[] = [
  "custom",
  "type",
  "import",
  "function",
  "table",
  "memory",
  "global",
  "export",
  "start",
  "element",
  "code",
  "data",
  "data count",
  "tag",
];

/** Name of a section id for messages. */
export function sectionName(id: number): string {
  return sectionNames[id] ?? `unknown (id ${id})`;
}

// Where each known non-custom section may appear: the tag section sits between memory and
// global, the data count section before code.
const sectionRank: readonly number[] = [0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 12, 13, 11, 6];

const sectionReaders: readonly (((r: Reader, state: ParseState) => void) | undefined)[] = [
  readCustomSection,
  (r, state) => readTypeSection(r, state.types),
  readImportSection,
  readFunctionSection,
  readTableSection,
  readMemorySection,
  readGlobalSection,
  readExportSection,
  readStartSection,
  readElementSection,
  undefined,
  undefined,
  undefined,
  readTagSection,
];

/**
 * Reads a module's sections without asking the engine whether the module is valid. Function
 * bodies and data segments are skipped by size, element segments only counted; everything else
 * a registration check needs is decoded with bounds checks. Throws only ModuleParseError.
 */
export function parseModule(bytes: Uint8Array): ModuleInfo {
  try {
    return parse(bytes);
  } catch (error) {
    if (error instanceof ModuleParseError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ModuleParseError(`could not parse module: ${reason}`, { size: bytes.length }, error);
  }
}

function parse(bytes: Uint8Array): ModuleInfo {
  const problem = headerProblem(bytes);
  if (problem !== undefined) throw new ModuleParseError(problem, { offset: 0, size: bytes.length });

  const state: ParseState = {
    types: [],
    functionTypes: [],
    importedFunctions: 0,
    tables: [],
    memories: [],
    globals: [],
    tags: [],
    imports: [],
    exports: [],
    startFunction: undefined,
    elementSegments: 0,
    elementEntries: 0,
    customSections: [],
  };
  const r = new Reader(bytes, headerLength);
  let lastRank = 0;
  while (r.pos < bytes.length) {
    const sectionOffset = r.pos;
    r.end = bytes.length;
    const id = r.u8("section id");
    const size = r.u32("section size");
    if (size > r.remaining) {
      r.fail(
        `truncated: ${sectionName(id)} section declares ${size} bytes but only ${r.remaining} remain`,
        sectionOffset,
      );
    }
    const end = r.pos + size;
    r.end = end;
    const rank = sectionRank[id];
    if (rank !== undefined && rank !== 0) {
      if (rank <= lastRank) r.fail(`${sectionName(id)} section is out of order or repeated`, sectionOffset);
      lastRank = rank;
    }
    const read = sectionReaders[id];
    if (read === undefined) {
      r.pos = end;
    } else {
      read(r, state);
      if (r.pos !== end) r.expectEnd(`the ${sectionName(id)} section`);
    }
  }

  const info: ModuleInfo = {
    size: bytes.length,
    imports: state.imports,
    exports: state.exports,
    memories: state.memories,
    tables: state.tables,
    globals: state.globals,
    elements: { count: state.elementSegments, entries: state.elementEntries },
    gcTypes: countGcTypes(state.types),
    definedFunctions: state.functionTypes.length - state.importedFunctions,
    customSections: state.customSections,
  };
  // `startFunction` is absent, not undefined, when the module has none.
  return state.startFunction === undefined ? info : Object.assign(info, { startFunction: state.startFunction });
}

// Struct and array types are the ones the type table keeps as `undefined`.
function countGcTypes(types: TypeTable): number {
  let count = 0;
  for (const type of types) if (type === undefined) count++;
  return count;
}
