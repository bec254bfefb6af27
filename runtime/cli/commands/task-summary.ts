import type { RegisteredTask } from "../../index.js";
import { formatValueType } from "../../index.js";

/** The JSON shape of a task in CLI output. */
export function taskSummary(task: RegisteredTask) {
  return {
    name: task.name,
    revision: task.revision,
    version: task.version,
    abi: task.abi,
    export: task.definition.export,
    input: formatValueType(task.definition.inputType),
    output: formatValueType(task.definition.outputType),
    moduleHash: task.moduleHash,
    moduleSize: task.moduleSize,
    createdAt: task.createdAt,
  };
}
