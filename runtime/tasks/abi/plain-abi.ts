import type { CoreValueType } from "../../wasm/index.js";
import { plainMapping } from "../plain-types.js";
import type { TaskDefinition } from "../task-definition.js";
import type { ExpectedExport } from "./expected-export.js";

/**
 * The plain ABI: the named export with the core signature the declared types imply, plus —
 * when strings, bytes or lists cross it — the AssemblyScript runtime exports that
 * @assemblyscript/loader uses to allocate and pin them.
 */
export function plainExpectedExports(definition: TaskDefinition): ExpectedExport[] {
  const params: CoreValueType[] = [];
  let managed = false;
  const fields = definition.inputType.kind === "record" ? definition.inputType.fields : [];
  for (const field of fields) {
    const mapping = plainMapping(field.type);
    if (mapping === undefined) continue;
    params.push(mapping.core);
    managed ||= mapping.managed;
  }
  const output = plainMapping(definition.outputType);
  managed ||= output?.managed ?? false;
  const expected: ExpectedExport[] = [
    {
      name: definition.export,
      kind: "func",
      type: { params, results: output === undefined ? [] : [output.core] },
      why: "the task entry, typed by the declared input fields and output",
    },
  ];
  if (!managed) return expected;
  const why =
    "strings, bytes and lists cross a plain export through the AssemblyScript runtime (build with --exportRuntime)";
  return [
    ...expected,
    { name: "memory", kind: "memory", why },
    { name: "__new", kind: "func", type: { params: ["i32", "i32"], results: ["i32"] }, why },
    { name: "__pin", kind: "func", type: { params: ["i32"], results: ["i32"] }, why },
    { name: "__unpin", kind: "func", type: { params: ["i32"], results: [] }, why },
  ];
}
