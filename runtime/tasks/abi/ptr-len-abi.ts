import type { Issue } from "../../errors/index.js";
import { formatValueType, type ValueType } from "../../values/index.js";
import type { TaskDefinition } from "../task-definition.js";
import type { ExpectedExport } from "./expected-export.js";
import { ptrLenAllocExport, ptrLenMemoryExport } from "./ptr-len-exports.js";

/**
 * The ptr-len ABI, for modules from any language (Rust, C, Zig, TinyGo): the host allocates the
 * input through `alloc`, writes its bytes into the exported memory and calls the entry with
 * (ptr, len); the entry answers where its output lies packed in one i64, `(ptr << 32) | len`.
 */
export function ptrLenExpectedExports(entry: string): ExpectedExport[] {
  return [
    { name: ptrLenMemoryExport, kind: "memory", why: "the host writes the input and reads the output through it" },
    {
      name: ptrLenAllocExport,
      kind: "func",
      type: { params: ["i32"], results: ["i32"] },
      why: "the host allocates the input buffer through it: alloc(len) -> ptr",
    },
    {
      name: entry,
      kind: "func",
      type: { params: ["i32", "i32"], results: ["i64"] },
      why: "the task entry: (input ptr, input len) -> (output ptr << 32) | output len",
    },
  ];
}

/** Only a string (UTF-8) or bytes crosses a ptr-len entry, each way. */
export function ptrLenTypeIssues(task: string, definition: TaskDefinition): Issue[] {
  const issues: Issue[] = [];
  const check = (path: "input" | "output", type: ValueType): void => {
    if (type.kind === "string" || type.kind === "bytes") return;
    const actual = formatValueType(type);
    issues.push({
      code: "PTR_LEN_TYPE_UNSUPPORTED",
      path,
      expected: "string or bytes",
      actual,
      message: `task "${task}": a ptr-len task's ${path} is string or bytes, not ${actual}; use the sdk ABI for structured data`,
    });
  };
  check("input", definition.inputType);
  check("output", definition.outputType);
  return issues;
}
