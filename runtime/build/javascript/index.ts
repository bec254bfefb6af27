import type { Issue } from "../../errors/index.js";
import { findBuildTools, installCommand, loadEsbuild } from "./build-tools.js";
import { bundleSource } from "./bundle-source.js";
import {
  componentCacheFolder,
  componentCacheKey,
  componentCacheSlot,
  readCachedComponent,
  writeCachedComponent,
} from "./component-cache.js";
import { componentizeIssue } from "./componentize-issues.js";
import { failureEntry } from "./failure-entry.js";
import { runComponentize } from "./run-componentize.js";

/** What `buildJavaScriptComponent` needs: the source, and the WIT generated from the definition's types. */
export interface JavaScriptComponentRequest {
  /** Project root, for how paths appear in issues. */
  readonly root: string;
  /** Absolute path of the entry source. */
  readonly source: string;
  readonly language: "javascript" | "typescript";
  /** The WIT package the definition's types generate, and its world. */
  readonly witSource: string;
  readonly world: string;
  /** How paths appear in issues. */
  readonly display: (path: string) => string;
}

export type JavaScriptComponentOutcome =
  | { readonly ok: true; readonly binary: Uint8Array; readonly warnings: readonly Issue[] }
  | { readonly ok: false; readonly issues: readonly Issue[] };

/** Settings with defaults a caller rarely changes (tests do). */
export interface JavaScriptBuildSettings {
  /** Where built components are kept; null builds every time. */
  readonly cacheFolder?: string | null;
  /** How long componentize-js may take: past it, top-level code is taken to loop forever. */
  readonly timeoutMs?: number;
}

/**
 * Every engine feature componentize-js 0.23.0 knows, all disabled: the component then imports
 * nothing, which is all the sandbox gives (no console, no Math.random, no clocks, no fetch).
 * An unknown name would be ignored silently, so this list follows the version pinned.
 */
export const disabledEngineFeatures = ["stdio", "random", "clocks", "http", "fetch-event"] as const;

/** Cold builds (first on a machine: wasmtime compiles the engine) take some 20 s on 2 cores. */
const defaultTimeoutMs = 5 * 60 * 1000;

/**
 * Builds a JavaScript or TypeScript task into a component through componentize-js (opt-in):
 * bundles the source with esbuild (opt-in too), then has componentize-js put the bundle into its
 * SpiderMonkey engine, initialised ahead of time, with the world's bindings. The component is
 * cached by everything it is built from, so an unchanged task rebuilds in milliseconds.
 */
export async function buildJavaScriptComponent(
  request: JavaScriptComponentRequest,
  settings: JavaScriptBuildSettings = {},
): Promise<JavaScriptComponentOutcome> {
  const shownSource = request.display(request.source);
  const tools = findBuildTools(request.root);
  if (tools.componentize === undefined || tools.esbuild === undefined) {
    const command = installCommand({
      componentize: tools.componentize === undefined,
      esbuild: tools.esbuild === undefined,
    });
    return {
      ok: false,
      issues: [
        {
          code: "BUILD_TOOL_MISSING",
          path: shownSource,
          message: `building a ${request.language === "typescript" ? "TypeScript" : "JavaScript"} task needs tools that are not installed; run: ${command}`,
        },
      ],
    };
  }

  const bundle = await bundleSource(await loadEsbuild(tools.esbuild), request);
  if (!bundle.ok) return bundle;
  const functions = worldExports(request.witSource);
  const missing = functions.filter((name) => !bundle.exports.includes(name));
  if (missing.length > 0) {
    return {
      ok: false,
      issues: missing.map((name) => ({
        code: "COMPILE_ERROR",
        path: shownSource,
        expected: `export function ${name}`,
        message: `the source exports no "${name}", the function the component's world exports`,
      })),
    };
  }

  const entry = failureEntry(bundle.fileName, functions);
  const cacheFolder = settings.cacheFolder === undefined ? componentCacheFolder(request.root) : settings.cacheFolder;
  const key = componentCacheKey({
    bundle: bundle.text,
    entry: entry.text,
    witSource: request.witSource,
    world: request.world,
    componentizeVersion: tools.componentize.version,
    disableFeatures: disabledEngineFeatures,
  });
  const slot = componentCacheSlot(shownSource);
  if (cacheFolder !== null) {
    const cached = await readCachedComponent(cacheFolder, slot, key);
    if (cached !== undefined) return { ok: true, binary: cached, warnings: bundle.warnings };
  }

  const built = await runComponentize({
    tool: tools.componentize,
    fileName: bundle.fileName,
    bundle: bundle.text,
    entry,
    witSource: request.witSource,
    world: request.world,
    disableFeatures: disabledEngineFeatures,
    timeoutMs: settings.timeoutMs ?? defaultTimeoutMs,
  });
  if (!built.ok) {
    const message = built.timedOut ? `${built.message}: does the task's top-level code loop forever?` : built.message;
    const issue = componentizeIssue(message, { ...request, fileName: bundle.fileName, sourceMap: bundle.sourceMap });
    return { ok: false, issues: [issue] };
  }
  if (cacheFolder !== null) await writeCachedComponent(cacheFolder, slot, key, built.binary);
  return { ok: true, binary: built.binary, warnings: bundle.warnings };
}

/**
 * The functions the world exports, as the JavaScript module must name them: componentize-js
 * looks up a WIT name in kebab-case as its lowerCamelCase form (`word-count` → `wordCount`).
 */
function worldExports(witSource: string): string[] {
  const names = [...witSource.matchAll(/^\s*export\s+%?([a-z][a-z0-9-]*)\s*:\s*func\b/gm)].map(
    (match) => match[1] ?? "",
  );
  return names.map((name) => name.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase()));
}
