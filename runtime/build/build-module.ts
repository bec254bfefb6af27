import { existsSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { selfDescriptionSection } from "../abi/index.js";
import { BuildError, FileNotRegularError, type Issue } from "../errors/index.js";
import { readBoundedText } from "../files/index.js";
import { fileCaps, selfDescriptionOf } from "../tasks/index.js";
import { appendCustomSection, renameExports } from "../wasm/index.js";
import { generateComponentTaskCode, generateComponentWit, generateTaskCode, wrapComponent } from "./codegen/index.js";
import { type BuildTarget, compileAssemblyScript } from "./compile.js";
import { buildJavaScriptComponent } from "./javascript/index.js";
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
 * where the definition says. A component task is built into a component instead (see
 * `buildComponent`).
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

  if (unit.abi === "component") return buildComponent(unit, context);

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

/**
 * Builds a component task into a component whose WIT comes from the definition's types. An
 * AssemblyScript source gets the types and the canonical-ABI entry generated next to it, compiles
 * to a core module whose exports are then renamed to what wit-component expects (AssemblyScript
 * cannot write `wasmflow:task/run@0.1.0#run`), and is wrapped with the WIT; a JavaScript or
 * TypeScript source goes through componentize-js with the same WIT. The plan gives a component
 * unit one definition.
 */
async function buildComponent(unit: CompileUnit, context: ModuleContext): Promise<ModuleOutcome> {
  const item = unit.definitions[0];
  if (item === undefined) return { ok: true, bytes: 0, generated: [], warnings: [] };
  const { definition } = item;
  const types = {
    exportName: definition.export,
    inputType: definition.inputType,
    outputType: definition.outputType,
    definitionLabel: context.display(item.file),
  };
  try {
    if (unit.language !== "assemblyscript") {
      const wit = generateComponentWit({ ...types, failsWithMessage: true });
      const built = await buildJavaScriptComponent({
        root: context.root,
        source: unit.source,
        language: unit.language,
        witSource: wit.text,
        world: wit.world,
        display: context.display,
      });
      if (!built.ok) return { ok: false, issues: built.issues };
      await writeAtomically(unit.module, built.binary);
      return { ok: true, bytes: built.binary.length, generated: [], warnings: built.warnings };
    }

    const code = generateComponentTaskCode({ ...types, source: unit.source, sdkIndex: context.sdkIndex });
    const generated: string[] = [];
    for (const file of [code.types, code.entry]) {
      await writeIfChanged(file.path, file.text);
      generated.push(file.path);
    }
    const compiled = await compileAssemblyScript({
      root: context.root,
      entry: code.entry.path,
      target: context.target,
      maximumMemory: unit.maximumMemory,
      exportRuntime: false,
      component: { abortHandler: code.abortHandler(context.root) },
    });
    if (!compiled.ok) return { ok: false, issues: compiled.issues };
    const core = renameExports(compiled.binary, code.exportNames);
    const wrapped = await wrapComponent(core, code.wit.text, code.wit.world);
    if (!wrapped.ok) {
      const what = wrapped.step === "embed" ? "embed the WIT in the compiled module" : "make the component";
      const message = `wit-component could not ${what}: ${wrapped.message}`;
      return { ok: false, issues: [{ code: "COMPILE_ERROR", path: context.display(unit.source), message }] };
    }
    await writeAtomically(unit.module, wrapped.component);
    return { ok: true, bytes: wrapped.component.length, generated, warnings: compiled.warnings };
  } catch (error) {
    if (error instanceof BuildError && error.issues.length > 0) return { ok: false, issues: error.issues };
    throw error;
  }
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
