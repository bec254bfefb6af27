import type { Issue, IssueCode } from "../../errors/index.js";
import type { ModuleInfo } from "../../wasm/index.js";
import { moduleCaps } from "../defaults.js";

/**
 * What a module declares that the host pays for on every instantiation or compilation, beyond
 * its memory and tables. V8's own limits are far above what a 16 MiB worker heap, or the host
 * compiling the module, can afford; these caps are far above what a task needs.
 */
export function checkCounts(task: string, info: ModuleInfo): Issue[] {
  const issues: Issue[] = [];
  const over = (code: IssueCode, path: string, what: string, actual: number, cap: number): void => {
    if (actual <= cap) return;
    issues.push({
      code,
      path,
      expected: `<= ${cap}`,
      actual: String(actual),
      message: `task "${task}": module declares ${actual} ${what}, more than ${cap}`,
    });
  };
  over("GLOBALS_OVER_LIMIT", "globals", "globals", info.globals.length, moduleCaps.maxGlobals);
  over("EXPORTS_OVER_LIMIT", "exports", "exports", info.exports.length, moduleCaps.maxExports);
  over(
    "ELEMENT_SEGMENTS_OVER_LIMIT",
    "elements",
    "element segments",
    info.elements.count,
    moduleCaps.maxElementSegments,
  );
  over(
    "ELEMENTS_OVER_LIMIT",
    "elements.entries",
    "element segment entries in all",
    info.elements.entries,
    moduleCaps.maxElementEntries,
  );
  if (info.gcTypes > 0) {
    // Node 20 refuses these unless run with --experimental-wasm-gc; with it, the guest's
    // struct.new and array.new allocate outside what the worker's heap limit holds back.
    issues.push({
      code: "GC_TYPES_UNSUPPORTED",
      path: "types",
      expected: "function types only",
      actual: `${info.gcTypes} struct or array types`,
      message: `task "${task}": module declares ${info.gcTypes} struct or array types (WebAssembly GC), which the sandbox cannot bound`,
    });
  }
  return issues;
}
