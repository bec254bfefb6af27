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
    ...(task.memoryMaximumImposed === undefined ? {} : { memoryMaximumImposed: task.memoryMaximumImposed }),
  };
}

/** "memory maximum imposed: 16 pages (module declared none)": what registration wrote into the module. */
export function memoryImposedText(imposed: NonNullable<RegisteredTask["memoryMaximumImposed"]>): string {
  const declared = imposed.declared === null ? "none" : `${imposed.declared} pages`;
  return `memory maximum imposed: ${imposed.pages} pages (module declared ${declared})`;
}
