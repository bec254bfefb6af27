import { isAbsolute, relative, resolve, sep } from "node:path";
import type { Issue } from "../errors/index.js";
import { sourceMapCaps, sourceMapSection } from "../source-maps/index.js";
import { appendCustomSection, withoutLastCustomSection } from "../wasm/index.js";

/** Where the compiler's binary points to its map file; the map goes inside the module instead. */
const urlSection = "sourceMappingURL";

export interface SourceMapContext {
  /** The project root: the compiler names sources relative to it. */
  readonly root: string;
  /** Library code besides the standard library: the guest SDK's folder… */
  readonly sdkFolder: string;
  /** …and the generated files (absolute paths). */
  readonly generated: readonly string[];
  /** The module as issues name it. */
  readonly moduleShown: string;
}

/**
 * Puts the compiler's source map inside the module, where the host looks when a call fails: a
 * registered task keeps its lines wherever its files go, and the map always matches the bytes it
 * describes (the store's hash covers both). Only what mapping needs is kept — `sources` and
 * `mappings`, plus an `ignoreList` of the library sources (standard library, guest SDK, generated
 * glue), whose frames the host folds under the task's own. `sourcesContent` (some 200 KB of the
 * standard library) and the `sourceMappingURL` section, which names a file never written, go.
 * Both are taken off the end of the module, so no code offset the map counts in moves.
 *
 * @returns the module, with a warning instead of the map when the map is over `sourceMapCaps`.
 */
export function embedSourceMap(
  binary: Uint8Array,
  mapText: string | undefined,
  context: SourceMapContext,
): { readonly binary: Uint8Array; readonly warning?: Issue } {
  const bare = withoutLastCustomSection(binary, urlSection);
  const map = compilerMap(mapText);
  if (map === undefined) return { binary: bare };
  const generated = new Set(context.generated);
  const isLibrary = (source: string) => {
    if (source.startsWith("~lib/")) return true;
    const path = resolve(context.root, source);
    return generated.has(path) || isInside(context.sdkFolder, path);
  };
  const ignoreList = map.sources.flatMap((source, index) => (isLibrary(source) ? [index] : []));
  const payload = new TextEncoder().encode(
    JSON.stringify({ version: 3, sources: map.sources, mappings: map.mappings, ignoreList }),
  );
  if (payload.byteLength > sourceMapCaps.maxBytes) {
    return {
      binary: bare,
      warning: {
        code: "SOURCE_MAP_TOO_LARGE",
        path: context.moduleShown,
        message: `the source map is ${payload.byteLength} bytes, over the ${sourceMapCaps.maxBytes} the host reads: left out, so this module's failures name no line of the task`,
      },
    };
  }
  return { binary: appendCustomSection(bare, sourceMapSection, payload) };
}

// The compiler's own output: anything else than a map of strings means it wrote none worth keeping.
function compilerMap(text: string | undefined): { sources: string[]; mappings: string } | undefined {
  if (text === undefined) return undefined;
  try {
    const { sources, mappings } = JSON.parse(text) as { sources?: unknown; mappings?: unknown };
    if (!Array.isArray(sources) || !sources.every((s) => typeof s === "string") || typeof mappings !== "string") {
      return undefined;
    }
    return { sources, mappings };
  } catch {
    return undefined;
  }
}

function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel !== "" && rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}
