import { isAbsolute, relative, resolve, sep } from "node:path";
import { sdkAllocExport, sdkMemoryExport } from "../abi/index.js";
import type { Issue, IssueCode } from "../errors/index.js";
import { type LoadedTaskDefinition, plainMapping, type SourceLanguage, sourceLanguage } from "../tasks/index.js";
import type { ValueType } from "../values/index.js";
import { exportPlace, isFunctionName } from "./codegen/index.js";
import { displayPath as shown } from "./diagnostics.js";

/** One compiler run: a source and every definition built from it. */
export interface CompileUnit {
  readonly source: string;
  readonly module: string;
  /** sdk sources get the generated glue; a source of any other ABI compiles as it is. */
  readonly abi: LoadedTaskDefinition["definition"]["abi"];
  /** AssemblyScript compiles with asc; JavaScript and TypeScript (abi component only) through componentize-js. */
  readonly language: SourceLanguage;
  readonly definitions: readonly LoadedTaskDefinition[];
  /** The smallest `limits.maxMemoryPages` among the definitions, so the module honours each of them. */
  readonly maximumMemory: number;
  readonly exportRuntime: boolean;
}

export interface BuildPlan {
  readonly units: readonly CompileUnit[];
  readonly precompiled: readonly LoadedTaskDefinition[];
  /** Definitions that cannot be built as declared; their units are left out of `units`. */
  readonly issues: readonly Issue[];
}

const abiExports = new Set([sdkMemoryExport, sdkAllocExport]);

/**
 * Groups definitions by source, so each source compiles once, and checks what the compiler
 * cannot: that definitions sharing a source agree on ABI and module, that an sdk module serves
 * one definition (its self-description names one entry), and that outputs stay inside the root.
 */
export function planBuild(root: string, loaded: readonly LoadedTaskDefinition[]): BuildPlan {
  const bySource = new Map<string, LoadedTaskDefinition[]>();
  const precompiled: LoadedTaskDefinition[] = [];
  for (const item of loaded) {
    const source = item.definition.source;
    if (source === undefined) {
      precompiled.push(item);
      continue;
    }
    const path = resolve(item.dir, source);
    const group = bySource.get(path) ?? [];
    group.push(item);
    bySource.set(path, group);
  }

  const units: CompileUnit[] = [];
  const issues: Issue[] = [];
  const moduleOwners = new Map<string, string>();
  for (const [source, group] of bySource) {
    const unitIssues = checkGroup(root, source, group);
    const first = group[0];
    if (first === undefined) continue;
    const module = resolve(first.dir, first.definition.module);
    const owner = moduleOwners.get(module);
    if (owner !== undefined && owner !== source) {
      unitIssues.push(
        issue(root, "MODULE_CONFLICT", first, `module ${shown(root, module)} is also built from ${shown(root, owner)}`),
      );
    }
    moduleOwners.set(module, source);
    if (unitIssues.length > 0) {
      issues.push(...unitIssues);
      continue;
    }
    const types = group.flatMap((g) => [g.definition.inputType, g.definition.outputType]);
    units.push({
      source,
      module,
      abi: first.definition.abi,
      language: sourceLanguage(first.definition) ?? "assemblyscript",
      definitions: group,
      maximumMemory: Math.min(...group.map((g) => g.definition.limits.maxMemoryPages)),
      exportRuntime: first.definition.abi === "plain" && types.some(needsRuntime),
    });
  }
  return { units, precompiled, issues };
}

function checkGroup(root: string, source: string, group: readonly LoadedTaskDefinition[]): Issue[] {
  const issues: Issue[] = [];
  const first = group[0];
  if (first === undefined) return issues;
  const module = resolve(first.dir, first.definition.module);
  if (!isInside(root, module)) {
    issues.push(
      issue(
        root,
        "MODULE_PATH_OUTSIDE_ROOT",
        first,
        `module path "${first.definition.module}" leaves the project root`,
      ),
    );
  }
  for (const other of group.slice(1)) {
    if (other.definition.abi !== first.definition.abi) {
      issues.push(
        issue(
          root,
          "SOURCE_ABI_CONFLICT",
          other,
          `shares ${shown(root, source)} with "${first.definition.name}" but declares abi "${other.definition.abi}", not "${first.definition.abi}"`,
        ),
      );
    }
    if (resolve(other.dir, other.definition.module) !== module) {
      issues.push(
        issue(
          root,
          "SOURCE_MODULE_CONFLICT",
          other,
          `shares ${shown(root, source)} with "${first.definition.name}" but names another module; a source compiles to one module`,
        ),
      );
    }
  }
  for (const abi of ["sdk", "component"] as const) {
    const single = group.filter((g) => g.definition.abi === abi);
    if (single.length <= 1) continue;
    const names = single.map((g) => `"${g.definition.name}"`).join(", ");
    const what = abi === "sdk" ? "an sdk module describes one entry" : "a component is built for one definition's WIT";
    issues.push(
      issue(
        root,
        "SDK_SOURCE_SHARED",
        first,
        `${abi} tasks ${names} share ${shown(root, source)}; ${what}, so give each its own source file`,
      ),
    );
  }
  for (const item of group.filter((g) => g.definition.abi === "component")) {
    const place = exportPlace(item.definition.export);
    if (typeof place === "string")
      issues.push(issue(root, "EXPORT_NAME_INVALID", item, `export cannot name a component's function: ${place}`));
  }
  for (const item of group.filter((g) => g.definition.abi === "sdk")) {
    const name = item.definition.export;
    if (!isFunctionName(name) || abiExports.has(name)) {
      issues.push(
        issue(
          root,
          "EXPORT_NAME_INVALID",
          item,
          `export "${name}" must be an AssemblyScript function name other than ${[...abiExports].join(" and ")}; the task's function carries the same name`,
        ),
      );
    }
  }
  return issues;
}

/** Strings, bytes and lists cross a plain export through @assemblyscript/loader, which needs the runtime exports. */
function needsRuntime(type: ValueType): boolean {
  if (type.kind === "record") return type.fields.some((f) => needsRuntime(f.type));
  return plainMapping(type)?.managed === true;
}

function issue(root: string, code: IssueCode, item: LoadedTaskDefinition, message: string): Issue {
  return { code, path: shown(root, item.file), message: `task "${item.definition.name}": ${message}` };
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== "" && rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}
