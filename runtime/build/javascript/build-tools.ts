import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** The componentize-js release the build is written and measured against. */
export const componentizeVersion = "0.23.0";

/** An opt-in build tool as found: its entry file and version. */
export interface FoundTool {
  readonly entry: string;
  readonly version: string;
}

const componentizePackage = "@bytecodealliance/componentize-js";

/**
 * The two opt-in tools a JavaScript task needs, looked up in the user's project first (so the
 * versions they pinned are the ones used), then beside wasmflow itself. Nothing is loaded here:
 * componentize-js (and its ~40 MB engine) is only ever loaded in the build's child process.
 */
export function findBuildTools(root: string): { componentize?: FoundTool; esbuild?: FoundTool } {
  const requirers = [createRequire(join(root, "package.json")), createRequire(import.meta.url)];
  const componentize = firstOf(requirers, findComponentize);
  const esbuild = firstOf(requirers, findEsbuild);
  return {
    ...(componentize === undefined ? {} : { componentize }),
    ...(esbuild === undefined ? {} : { esbuild }),
  };
}

/** The command that installs what is missing, pinned where the output depends on the version. */
export function installCommand(missing: { componentize: boolean; esbuild: boolean }): string {
  const packages = [
    ...(missing.componentize ? [`${componentizePackage}@${componentizeVersion}`] : []),
    ...(missing.esbuild ? ["esbuild"] : []),
  ];
  return `npm install --save-dev ${packages.join(" ")}`;
}

/** esbuild's JavaScript API, loaded on first use. */
export interface EsbuildApi {
  readonly version: string;
  build(options: Record<string, unknown>): Promise<EsbuildResult>;
}

export interface EsbuildMessage {
  readonly text: string;
  readonly location: { readonly file: string; readonly line: number; readonly column: number } | null;
}

export interface EsbuildResult {
  readonly errors: readonly EsbuildMessage[];
  readonly warnings: readonly EsbuildMessage[];
  readonly outputFiles?: readonly { readonly path: string; readonly text: string }[];
  readonly metafile?: { readonly outputs: Record<string, { readonly exports: readonly string[] }> };
}

export async function loadEsbuild(tool: FoundTool): Promise<EsbuildApi> {
  const loaded = (await import(pathToFileURL(tool.entry).href)) as EsbuildApi & { default?: EsbuildApi };
  return loaded.default ?? loaded;
}

function firstOf(
  requirers: readonly NodeJS.Require[],
  find: (require: NodeJS.Require) => FoundTool | undefined,
): FoundTool | undefined {
  for (const require of requirers) {
    const found = find(require);
    if (found !== undefined) return found;
  }
  return undefined;
}

// componentize-js exports only an `import` condition (no package.json, no `require`), so
// `require.resolve` cannot name it: walk the folders Node would search instead.
function findComponentize(require: NodeJS.Require): FoundTool | undefined {
  for (const folder of require.resolve.paths(componentizePackage) ?? []) {
    const manifestPath = join(folder, componentizePackage, "package.json");
    if (!existsSync(manifestPath)) continue;
    try {
      const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
        version?: unknown;
        exports?: { import?: unknown };
      };
      const entry = manifest.exports?.import;
      if (typeof entry !== "string" || typeof manifest.version !== "string") continue;
      return { entry: join(folder, componentizePackage, entry), version: manifest.version };
    } catch {}
  }
  return undefined;
}

function findEsbuild(require: NodeJS.Require): FoundTool | undefined {
  try {
    const entry = require.resolve("esbuild");
    const manifest = JSON.parse(readFileSync(require.resolve("esbuild/package.json"), "utf8")) as { version?: unknown };
    return typeof manifest.version === "string" ? { entry, version: manifest.version } : undefined;
  } catch {
    return undefined;
  }
}
