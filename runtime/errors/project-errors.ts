import { formatIssues, type Issue, WasmflowError } from "./wasmflow-error.js";

/**
 * Thrown by `wasmflow init` before it writes anything, when files of the template are already
 * there or package.json sets a field the template needs to another value. `issues` names each
 * (`FILE_EXISTS`, `PATH_BLOCKED`, `PACKAGE_FIELD_DIFFERS`); `details.files` lists their paths.
 */
export class FilesExistError extends WasmflowError {
  static override readonly brand = "wasmflow.FilesExistError";
  constructor(dir: string, issues: readonly Issue[], force: boolean) {
    const hint = force
      ? "--force replaces files, not what is in the way of them: move these away"
      : "pass --force to overwrite them, or choose another folder";
    const count = issues.length === 1 ? "1 path" : `${issues.length} paths`;
    super("FILES_EXIST", formatIssues(`${dir} already has ${count} the template writes; ${hint}`, issues), {
      issues,
      details: { dir, files: issues.map((issue) => issue.path) },
    });
  }
}
