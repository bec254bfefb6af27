import { allowedHostImports, allowedMemoryImport } from "../../abi/index.js";
import type { Issue } from "../../errors/index.js";
import { formatSignature, type ImportEntry, signaturesEqual } from "../../wasm/index.js";

const allowedList = [...allowedHostImports.keys(), `${allowedMemoryImport} (memory)`].join(", ");

/** Every import must be one the runtime provides, with the exact signature it provides. */
export function checkImports(task: string, imports: readonly ImportEntry[]): Issue[] {
  const issues: Issue[] = [];
  for (const entry of imports) {
    const key = `${entry.module}.${entry.name}`;
    const path = `imports.${key}`;
    if (key === allowedMemoryImport && entry.kind === "memory") continue;
    const allowed = allowedHostImports.get(key);
    if (allowed === undefined) {
      issues.push({
        code: "IMPORT_NOT_ALLOWED",
        path,
        expected: `one of ${allowedList}`,
        actual: `${entry.kind} "${entry.module}" "${entry.name}"`,
        message: `task "${task}": cannot resolve import "${entry.module}" "${entry.name}": the sandbox provides only ${allowedList}`,
      });
      continue;
    }
    if (entry.kind !== "func") {
      issues.push({
        code: "IMPORT_KIND_MISMATCH",
        path,
        expected: "func",
        actual: entry.kind,
        message: `task "${task}": import "${key}" must be a function, the module imports a ${entry.kind}`,
      });
      continue;
    }
    if (!signaturesEqual(entry.type, allowed)) {
      const expected = formatSignature(allowed);
      const actual = formatSignature(entry.type);
      issues.push({
        code: "IMPORT_SIGNATURE_MISMATCH",
        path,
        expected,
        actual,
        message: `task "${task}": import "${key}" has type ${actual}, the runtime provides ${expected}`,
      });
    }
  }
  return issues;
}
