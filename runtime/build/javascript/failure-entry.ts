/** The module componentize-js builds from: it imports the task's bundle and exports its functions. */
export interface EntryModule {
  readonly fileName: string;
  readonly text: string;
}

/**
 * The entry of a JavaScript component: each function the world exports, calling the task's own
 * and turning whatever it throws into a string thrown on. The world declares the function's
 * result as `result<output, string>` (see `failsWithMessage`), and componentize-js returns a
 * thrown string as that result's err, where a thrown Error would trap and lose its message; the
 * runtime then fails the call with TASK_FAILED and the message.
 */
export function failureEntry(bundleFileName: string, functions: readonly string[]): EntryModule {
  const wrappers = functions.map(
    (name) =>
      `export function ${name}(input) {\n  try {\n    return task.${name}(input);\n  } catch (error) {\n    throw describe(error);\n  }\n}\n`,
  );
  const text = [
    `import * as task from ${JSON.stringify(`./${bundleFileName}`)};`,
    "",
    "// An Error as its name and message (its stack names lines of the bundle); anything else as a string.",
    "function describe(error) {",
    "  try {",
    '    return error instanceof Error ? error.name + ": " + error.message : String(error);',
    "  } catch {",
    '    return "the task threw a value that has no string form";',
    "  }",
    "}",
    "",
    ...wrappers,
  ].join("\n");
  // The bundle is named after the task's source; the entry's name cannot be one of those.
  return { fileName: "wasmflow-entry.mjs", text };
}
