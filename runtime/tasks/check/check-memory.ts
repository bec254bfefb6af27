import type { Issue } from "../../errors/index.js";
import type { ModuleInfo } from "../../wasm/index.js";
import { moduleCaps } from "../defaults.js";

/**
 * Linear memory is the one resource a worker's heap limit does not cap, so a declared maximum is
 * the limit. An imported memory's maximum must exist and fit the task's budget; a memory the module
 * defines gets the budget imposed when it declares none or more (see `memoryMaximumToImpose`), so
 * only its initial size can be refused.
 */
export function checkMemories(task: string, info: ModuleInfo, maxPages: number): Issue[] {
  const issues: Issue[] = [];
  const imported = importedMemories(info);
  if (info.memories.length > 1) {
    issues.push({
      code: "MEMORY_MULTIPLE",
      path: "memories",
      expected: "at most 1",
      actual: String(info.memories.length),
      message: `task "${task}": module declares ${info.memories.length} memories; one is allowed`,
    });
  }
  info.memories.forEach((memory, index) => {
    const path = `memories[${index}]`;
    if (memory.shared) {
      issues.push({
        code: "MEMORY_SHARED",
        path,
        expected: "unshared",
        actual: "shared",
        message: `task "${task}": shared memory would let calls see each other's data`,
      });
    }
    if (memory.index64) {
      issues.push({
        code: "MEMORY64_UNSUPPORTED",
        path,
        expected: "32-bit memory",
        actual: "memory64",
        message: `task "${task}": 64-bit memories are not supported`,
      });
    }
    if (memory.initial > maxPages) {
      issues.push({
        code: "MEMORY_INITIAL_OVER_LIMIT",
        path: `${path}.initial`,
        expected: `<= ${maxPages} pages`,
        actual: `${memory.initial} pages`,
        message: `task "${task}": memory starts at ${memory.initial} pages, over the task's limit of ${maxPages}`,
      });
    }
    if (index >= imported) return;
    if (memory.maximum === undefined) {
      issues.push({
        code: "MEMORY_NO_MAXIMUM",
        path: `${path}.maximum`,
        expected: `<= ${maxPages} pages`,
        actual: "none",
        message: `task "${task}": imported memory declares no maximum, so nothing would stop it growing (build with --maximumMemory)`,
      });
    } else if (memory.maximum > maxPages) {
      issues.push({
        code: "MEMORY_MAXIMUM_OVER_LIMIT",
        path: `${path}.maximum`,
        expected: `<= ${maxPages} pages`,
        actual: `${memory.maximum} pages`,
        message: `task "${task}": imported memory maximum ${memory.maximum} pages is over the task's limit of ${maxPages} (limits.maxMemoryPages)`,
      });
    }
  });
  return issues;
}

/** How many of the module's memories are imported: they come first in the memory index space. */
export function importedMemories(info: ModuleInfo): number {
  let count = 0;
  for (const entry of info.imports) if (entry.kind === "memory") count++;
  return count;
}

/**
 * Tables are bounded like memories, by their own declared maximum: `table.grow` allocates on the
 * worker's heap, and running out of heap there aborts the whole process rather than the worker.
 */
export function checkTables(task: string, info: ModuleInfo): Issue[] {
  const issues: Issue[] = [];
  const cap = moduleCaps.maxTableElements;
  if (info.tables.length > moduleCaps.maxTables) {
    issues.push({
      code: "TABLES_OVER_LIMIT",
      path: "tables",
      expected: `<= ${moduleCaps.maxTables}`,
      actual: String(info.tables.length),
      message: `task "${task}": module declares ${info.tables.length} tables, more than ${moduleCaps.maxTables}`,
    });
  }
  info.tables.forEach((table, index) => {
    const { initial, maximum } = table.limits;
    if (maximum === undefined) {
      issues.push({
        code: "TABLE_NO_MAXIMUM",
        path: `tables[${index}].maximum`,
        expected: `<= ${cap} elements`,
        actual: "none",
        message: `task "${task}": table ${index} declares no maximum, so nothing would stop it growing`,
      });
    }
    const size = Math.max(initial, maximum ?? 0);
    if (size > cap) {
      issues.push({
        code: "TABLE_OVER_LIMIT",
        path: `tables[${index}]`,
        expected: `<= ${cap} elements`,
        actual: `${size} elements`,
        message: `task "${task}": table ${index} may hold ${size} elements, more than ${cap}`,
      });
    }
  });
  return issues;
}
