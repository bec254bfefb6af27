import {
  type ComponentBinding,
  checkComponent,
  type EmbeddedCoreModule,
  embeddedCoreModules,
} from "../../components/index.js";
import { type Issue, ModuleParseError } from "../../errors/index.js";
import { inspectModule } from "../../wasm/index.js";
import { moduleCaps } from "../defaults.js";
import type { TaskDefinition } from "../task-definition.js";
import { checkCounts } from "./check-counts.js";
import { checkMemories, checkTables } from "./check-memory.js";
import { moduleTooLarge } from "./check-module.js";

/**
 * What a component task may import: nothing yet. One set, so that interfaces the sandbox comes to
 * provide (seeded WASI random, fixed clocks) are allowed in one place.
 */
export const componentImportAllowList: ReadonlySet<string> = new Set();

/** Issues about imported memories: a component's core modules import memory only from each other. */
const importedMemoryCodes = new Set(["MEMORY_NO_MAXIMUM", "MEMORY_MAXIMUM_OVER_LIMIT"]);

export interface ComponentTaskCheck {
  readonly issues: readonly Issue[];
  readonly binding?: ComponentBinding;
}

/**
 * Every way a component disagrees with its definition: its function's types and its imports
 * (`checkComponent`), and each core module it embeds against the rules a module task meets —
 * memories (shared, memory64, initial size over the limit), tables, globals and the other counts —
 * with paths naming the core module as jco's bindings do (`component.core2.wasm.memories[0]`).
 * Memory maxima are imposed on the core modules when they are compiled, not here.
 */
export function checkComponentTask(definition: TaskDefinition, bytes: Uint8Array): ComponentTaskCheck {
  const task = definition.name;
  if (bytes.byteLength > moduleCaps.maxModuleBytes) return { issues: [moduleTooLarge(task, bytes.byteLength)] };
  const checked = checkComponent(
    bytes,
    { export: definition.export, inputType: definition.inputType, outputType: definition.outputType },
    { allowedImports: componentImportAllowList, maxBytes: moduleCaps.maxModuleBytes },
  );
  if (checked.types === undefined) return { issues: checked.issues };
  let cores: EmbeddedCoreModule[];
  try {
    cores = embeddedCoreModules(bytes);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { issues: [...checked.issues, malformed("module", message)] };
  }
  const issues = [...checked.issues];
  for (const core of cores) issues.push(...checkCoreModule(definition, core));
  if (issues.length > 0 || checked.binding === undefined) return { issues };
  return { issues, binding: checked.binding };
}

function checkCoreModule(definition: TaskDefinition, core: EmbeddedCoreModule): Issue[] {
  const task = definition.name;
  let info: ReturnType<typeof inspectModule>;
  try {
    info = inspectModule(core.bytes, { maxModuleBytes: moduleCaps.maxModuleBytes });
  } catch (error) {
    if (!(error instanceof ModuleParseError)) throw error;
    return [malformed(core.name, error.message)];
  }
  if (!WebAssembly.validate(core.bytes as Uint8Array<ArrayBuffer>)) {
    return [malformed(core.name, `core module ${core.name} does not validate`)];
  }
  const found = [
    ...checkMemories(task, info, definition.limits.maxMemoryPages).filter((i) => !importedMemoryCodes.has(i.code)),
    ...checkTables(task, info),
    ...checkCounts(task, info),
  ];
  return found.map((issue) => ({
    ...issue,
    path: `${core.name}.${issue.path}`,
    message: issue.message.replace(`task "${task}": `, `task "${task}", core module ${core.name}: `),
  }));
}

function malformed(path: string, message: string): Issue {
  return { code: "MODULE_MALFORMED", path, expected: "a WebAssembly component", message };
}
