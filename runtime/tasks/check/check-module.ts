import type { Issue } from "../../errors/index.js";
import type { ModuleInfo } from "../../wasm/index.js";
import type { ExpectedExport } from "../abi/expected-export.js";
import { plainExpectedExports } from "../abi/plain-abi.js";
import { ptrLenExpectedExports, ptrLenTypeIssues } from "../abi/ptr-len-abi.js";
import { sdkExpectedExports } from "../abi/sdk-abi.js";
import { checkSelfDescription } from "../abi/self-description.js";
import { moduleCaps } from "../defaults.js";
import type { TaskDefinition } from "../task-definition.js";
import { checkCounts } from "./check-counts.js";
import { checkExports } from "./check-exports.js";
import { checkImports } from "./check-imports.js";
import { checkMemories, checkTables } from "./check-memory.js";

/**
 * Every way a module can disagree with its definition, collected in one pass so the author sees
 * all of them at once. An empty list means the module may be registered.
 */
export function checkModule(definition: TaskDefinition, info: ModuleInfo): Issue[] {
  const task = definition.name;
  const issues: Issue[] = [];
  if (info.size > moduleCaps.maxModuleBytes) issues.push(moduleTooLarge(task, info.size));
  if (definition.abi === "ptr-len") issues.push(...ptrLenTypeIssues(task, definition));
  issues.push(...checkExports(task, info, expectedExports(definition)));
  issues.push(...checkImports(task, info.imports));
  issues.push(...checkMemories(task, info, definition.limits.maxMemoryPages));
  issues.push(...checkTables(task, info));
  issues.push(...checkCounts(task, info));
  if (definition.abi === "sdk") issues.push(...checkSelfDescription(definition, info));
  return issues;
}

function expectedExports(definition: TaskDefinition): ExpectedExport[] {
  switch (definition.abi) {
    case "sdk":
      return sdkExpectedExports(definition.export);
    case "plain":
      return plainExpectedExports(definition);
    case "ptr-len":
      return ptrLenExpectedExports(definition.export);
    case "component":
      // A component is checked as one (`checkComponentTask`), never as a module.
      return [];
  }
}

export function moduleTooLarge(task: string, size: number): Issue {
  return {
    code: "MODULE_TOO_LARGE",
    path: "module",
    expected: `<= ${moduleCaps.maxModuleBytes} bytes`,
    actual: `${size} bytes`,
    message: `task "${task}": module is ${size} bytes, more than ${moduleCaps.maxModuleBytes}`,
  };
}
