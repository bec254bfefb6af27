import type { Issue } from "../../errors/index.js";
import { formatSignature, type ModuleInfo, signaturesEqual } from "../../wasm/index.js";
import type { ExpectedExport } from "../abi/expected-export.js";

/** Each required export must exist, be of the right kind and, for functions, have the exact signature. */
export function checkExports(task: string, info: ModuleInfo, expected: readonly ExpectedExport[]): Issue[] {
  const issues: Issue[] = [];
  for (const want of expected) {
    const path = `exports.${want.name}`;
    const found = info.exports.find((e) => e.name === want.name);
    if (found === undefined) {
      issues.push({
        code: "MISSING_EXPORT",
        path,
        expected: want.kind === "func" ? `func ${formatSignature(want.type)}` : want.kind,
        actual: "absent",
        message: `task "${task}": module has no export "${want.name}" (${want.why})`,
      });
      continue;
    }
    if (found.kind !== want.kind) {
      issues.push({
        code: "EXPORT_KIND_MISMATCH",
        path,
        expected: want.kind,
        actual: found.kind,
        message: `task "${task}": export "${want.name}" is a ${found.kind}, expected a ${want.kind}`,
      });
      continue;
    }
    if (want.kind === "func" && found.kind === "func" && !signaturesEqual(found.type, want.type)) {
      const expectedText = formatSignature(want.type);
      const actualText = formatSignature(found.type);
      issues.push({
        code: "SIGNATURE_MISMATCH",
        path,
        expected: expectedText,
        actual: actualText,
        message: `task "${task}": export "${want.name}" has type ${actualText}, definition expects ${expectedText}`,
      });
    }
  }
  return issues;
}
