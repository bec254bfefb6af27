import { existsSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { selfDescriptionSection } from "../abi/index.js";
import { FileNotRegularError, type Issue } from "../errors/index.js";
import { readBoundedText } from "../files/index.js";
import { fileCaps, selfDescriptionOf } from "../tasks/index.js";
import { appendCustomSection } from "../wasm/index.js";
import { generateTaskCode } from "./codegen/index.js";
import { type BuildTarget, compileAssemblyScript } from "./compile.js";
import type { CompileUnit } from "./plan.js";
import { embedSourceMap } from "./source-map.js";

export type ModuleOutcome =
  | {
      readonly ok: true;
      readonly bytes: number;
      readonly generated: readonly string[];
      readonly warnings: readonly Issue[];
    }
  | { readonly ok: false; readonly issues: readonly Issue[] };

export interface ModuleContext {
  readonly root: string;
  readonly target: BuildTarget;
  readonly sdkIndex: string;
  /** How paths appear in issues and events. */
  readonly display: (path: string) => string;
}

/**
 * Builds one unit: for sdk tasks, generates the typed module and entry next to the source;
 * compiles; puts the source map inside; appends the sdk self-description; writes the module
 * where the definition says.
 */
export async function buildModule(unit: CompileUnit, context: ModuleContext): Promise<ModuleOutcome> {
  if (!existsSync(unit.source)) {
    const names = unit.definitions.map((d) => `"${d.definition.name}"`).join(", ");
    return {
      ok: false,
      issues: [
        { code: "SOURCE_NOT_FOUND", path: context.display(unit.source), message: `source of ${names} does not exist` },
      ],
    };
  }

  let entry = unit.source;
  const generated: string[] = [];
  const sdkTask = unit.abi === "sdk" ? unit.definitions[0] : undefined;
  if (sdkTask !== undefined) {
    const code = generateTaskCode({
      source: unit.source,
      sdkIndex: context.sdkIndex,
      exportName: sdkTask.definition.export,
      inputType: sdkTask.definition.inputType,
      outputType: sdkTask.definition.outputType,
      definitionLabel: context.display(sdkTask.file),
    });
    for (const file of [code.types, code.entry]) {
      await writeIfChanged(file.path, file.text);
      generated.push(file.path);
    }
    entry = code.entry.path;
  }

  const compiled = await compileAssemblyScript({
    root: context.root,
    entry,
    target: context.target,
    maximumMemory: unit.maximumMemory,
    exportRuntime: unit.exportRuntime,
  });
  if (!compiled.ok) return { ok: false, issues: compiled.issues };

  const mapped = embedSourceMap(compiled.binary, compiled.sourceMap, {
    root: context.root,
    sdkFolder: dirname(context.sdkIndex),
    generated,
    moduleShown: context.display(unit.module),
  });
  let binary = mapped.binary;
  if (sdkTask !== undefined) {
    const payload = new TextEncoder().encode(JSON.stringify(selfDescriptionOf(sdkTask.definition)));
    binary = appendCustomSection(binary, selfDescriptionSection, payload);
  }
  await writeAtomically(unit.module, binary);
  const warnings = mapped.warning === undefined ? compiled.warnings : [...compiled.warnings, mapped.warning];
  return { ok: true, bytes: binary.length, generated, warnings };
}

// Rewriting an unchanged file would wake every editor and watcher that has it open. A file that
// cannot be read (missing, too large) is rewritten; a FIFO or device in its place is refused, as
// writing to it would block or go somewhere else.
async function writeIfChanged(path: string, text: string): Promise<void> {
  const current = await readBoundedText(path, { maxBytes: fileCaps.maxSourceBytes, what: "generated sources" }).catch(
    (error: unknown) => {
      if (error instanceof FileNotRegularError) throw error;
      return undefined;
    },
  );
  if (current !== text) await writeFile(path, text);
}

// A registration reading the module mid-write would see a truncated binary.
async function writeAtomically(path: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, bytes);
  await rename(temporary, path);
}
