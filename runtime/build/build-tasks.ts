import { resolve } from "node:path";
import { BuildError, DefinitionError, type Issue, suggest, UsageError } from "../errors/index.js";
import { findTaskDefinitionFiles, type LoadedTaskDefinition, loadTaskDefinition } from "../tasks/index.js";
import { buildModule } from "./build-module.js";
import { displayPath } from "./diagnostics.js";
import { planBuild } from "./plan.js";
import { guestSdkIndex } from "./sdk-location.js";
import type { BuildOptions, BuildResult, BuiltModule } from "./types.js";

/**
 * Builds a project's AssemblyScript tasks: finds `tasks/<folder>/*.task.json`, generates the
 * typed glue of sdk tasks next to their source, compiles each distinct source once with the
 * project's `asconfig.json`, and writes each module where its definition says, sdk modules with
 * their self-description section.
 *
 * A failing module does not stop the others: every problem is collected and thrown together.
 *
 * @throws BuildError listing every compiler diagnostic (`tasks/x/index.ts:12:5`) and definition
 *   problem, after building everything else; or at once when `names` names an unknown task.
 * @throws UsageError when an option is out of range.
 * @example
 * const result = await buildTasks({ root: process.cwd(), onEvent: (e) => console.log(e.type) });
 */
export async function buildTasks(options: BuildOptions): Promise<BuildResult> {
  checkOptions(options);
  const started = performance.now();
  const root = resolve(options.root);
  const target = options.target ?? "release";
  const emit = options.onEvent ?? (() => {});
  const display = (path: string) => displayPath(root, path);

  const explicit = (options.definitions ?? []).map((file) => resolve(root, file));
  const projectFiles = await findTaskDefinitionFiles(root, options.tasksDir ?? "tasks");
  const files = [...new Set([...projectFiles, ...explicit])].sort();
  const { loaded, broken } = await loadDefinitions(files, display);
  const chosen = options.names !== undefined || options.definitions !== undefined;
  const selected = chosen ? selectDefinitions(loaded, options.names ?? [], explicit, broken) : loaded;
  // With names or files, broken definitions of other tasks are not this build's business; one
  // given by its path or named is.
  const issues = broken
    .filter(
      (b) => !chosen || explicit.includes(b.file) || (b.name !== undefined && (options.names ?? []).includes(b.name)),
    )
    .flatMap((b) => b.issues);
  const plan = planBuild(root, selected);
  issues.push(...plan.issues);

  const skipped = plan.precompiled.map((p) => p.definition.name);
  if (skipped.length > 0) emit({ type: "skipped", tasks: skipped, reason: "no source: the module is precompiled" });

  const sdkIndex = await guestSdkIndex();
  const modules: BuiltModule[] = [];
  const failed: string[] = [];
  for (const unit of plan.units) {
    const tasks = unit.definitions.map((d) => d.definition.name);
    const source = display(unit.source);
    emit({ type: "started", tasks, source, module: display(unit.module) });
    const unitStarted = performance.now();
    const outcome = await buildModule(unit, { root, target, sdkIndex, display });
    const ms = Math.round(performance.now() - unitStarted);
    if (!outcome.ok) {
      failed.push(...tasks);
      issues.push(...outcome.issues);
      emit({ type: "failed", tasks, source, ms, issues: outcome.issues });
      continue;
    }
    const { bytes, generated, warnings } = outcome;
    modules.push({ tasks, source: unit.source, module: unit.module, bytes, ms, generated, warnings });
    emit({ type: "finished", tasks, source, module: display(unit.module), ms, bytes, warnings });
  }

  if (issues.length > 0) {
    const which = failed.length > 0 ? `: ${failed.join(", ")} did not compile` : "";
    const count = issues.length === 1 ? "1 problem" : `${issues.length} problems`;
    throw new BuildError(`build failed with ${count}${which}`, issues);
  }
  return { modules, skipped, ms: Math.round(performance.now() - started) };
}

function checkOptions(options: BuildOptions): void {
  if (typeof options.root !== "string" || options.root === "") {
    throw new UsageError("options.root must be a non-empty path");
  }
  if (options.target !== undefined && options.target !== "release" && options.target !== "debug") {
    throw new UsageError(`options.target must be "release" or "debug", not ${JSON.stringify(options.target)}`);
  }
  if (
    options.names !== undefined &&
    (!Array.isArray(options.names) || options.names.some((n) => typeof n !== "string"))
  ) {
    throw new UsageError("options.names must be an array of task names");
  }
  if (
    options.definitions !== undefined &&
    (!Array.isArray(options.definitions) || options.definitions.some((n) => typeof n !== "string"))
  ) {
    throw new UsageError("options.definitions must be an array of definition file paths");
  }
  if (options.tasksDir !== undefined && (typeof options.tasksDir !== "string" || options.tasksDir === "")) {
    throw new UsageError("options.tasksDir must be a non-empty path");
  }
  if (options.onEvent !== undefined && typeof options.onEvent !== "function") {
    throw new UsageError("options.onEvent must be a function");
  }
}

/** A definition file that did not load: its problems, located in the file, and its name if it could be read. */
interface BrokenDefinition {
  readonly file: string;
  readonly name: string | undefined;
  readonly issues: readonly Issue[];
}

async function loadDefinitions(
  files: readonly string[],
  display: (path: string) => string,
): Promise<{ loaded: LoadedTaskDefinition[]; broken: BrokenDefinition[] }> {
  const loaded: LoadedTaskDefinition[] = [];
  const broken: BrokenDefinition[] = [];
  for (const file of files) {
    try {
      loaded.push(await loadTaskDefinition(file));
    } catch (error) {
      if (!(error instanceof DefinitionError)) throw error;
      const where = display(file);
      const issues = error.issues.map((item) => ({
        ...item,
        path: item.path === "(root)" ? where : `${where}#${item.path}`,
      }));
      broken.push({ file, name: error.definitionName, issues });
    }
  }
  return { loaded, broken };
}

/**
 * The named definitions and those given by path, plus those sharing a source with them (a source
 * compiles as a whole). A name whose definition is broken is known: its problems are the build's. A name no definition
 * declares is refused with the closest known names; definitions whose name could not be read are
 * listed then, as the task may be among them.
 */
function selectDefinitions(
  loaded: readonly LoadedTaskDefinition[],
  names: readonly string[],
  files: readonly string[],
  broken: readonly BrokenDefinition[],
): readonly LoadedTaskDefinition[] {
  const known = new Set([...loaded.map((l) => l.definition.name), ...broken.flatMap((b) => b.name ?? [])]);
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    const list = unknown.map((n) => `"${n}"`).join(", ");
    const knownNames = [...known].sort();
    const unnamed = broken.filter((b) => b.name === undefined).flatMap((b) => b.issues);
    throw new BuildError(`unknown task ${list}`, [
      ...unknown.map((n): Issue => {
        const { names: close, text } = suggest(n, knownNames, "tasks");
        return {
          code: "UNKNOWN_TASK",
          path: n,
          message: `no task definition is named "${n}"${text === "" ? "" : `; ${text}`}`,
          ...(close.length === 0 ? {} : { suggestions: close }),
        };
      }),
      ...unnamed,
    ]);
  }
  const wanted = new Set(names);
  const given = new Set(files);
  const isWanted = (l: LoadedTaskDefinition) => wanted.has(l.definition.name) || given.has(l.file);
  const sources = new Set(loaded.filter((l) => isWanted(l) && l.definition.source !== undefined).map(sourceOf));
  return loaded.filter((l) => isWanted(l) || (l.definition.source !== undefined && sources.has(sourceOf(l))));
}

function sourceOf(item: LoadedTaskDefinition): string {
  return resolve(item.dir, item.definition.source ?? "");
}
