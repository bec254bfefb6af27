/**
 * jco's bindings in sync instantiation mode are one ES module of a fixed shape: no `import`
 * statements, `export function instantiate(getCoreModule, imports, instantiateCore)` and
 * `export const _util`. A worker thread is CommonJS and must not load ES modules (Node 20's
 * `require(esm)` can abort the process when a worker is terminated mid-load), so the two exports
 * are rewritten into assignments to `module.exports`: the source then runs as the body of
 * `new Function("module", source)`. Anything else is refused rather than guessed at.
 */

const instantiateLine = /^export function instantiate\(/gm;
const utilLine = /^export const _util = /gm;

/** Why jco's output does not have the shape the rewrite relies on; undefined when it has. */
export function bindingsShapeProblem(source: string): string | undefined {
  const exports = source.match(/^\s*export\b.*$/gm) ?? [];
  const instantiate = source.match(instantiateLine)?.length ?? 0;
  const util = source.match(utilLine)?.length ?? 0;
  if (instantiate !== 1) return `expected one "export function instantiate(", found ${instantiate}`;
  if (exports.length !== instantiate + util) return `unexpected export statements: ${exports.join(" | ")}`;
  if (/^\s*import\b/m.test(source)) return "the bindings contain an import statement";
  if (/\bimport\s*\(|\bimport\.meta\b|\brequire\s*\(/.test(source)) return "the bindings load other modules";
  return undefined;
}

/**
 * jco lifts strings with `new TextDecoder()`, which drops a leading U+FEFF (taking it for a byte
 * order mark) and turns malformed UTF-8 into U+FFFD. A string's first character is data, and the
 * canonical ABI makes malformed UTF-8 a failure, so every such decoder is made to keep it and refuse that.
 */
const defaultDecoder = /new TextDecoder\(\)/g;
const strictDecoder = 'new TextDecoder("utf-8", { fatal: true, ignoreBOM: true })';

/** Changes whenever the rewrite does: part of the transpile cache key. */
export const bindingsRewriteVersion = 2;

/**
 * The bindings as the body of a CommonJS-style function of `module`: it sets
 * `module.exports.instantiate`. Called on a source `bindingsShapeProblem` accepted.
 */
export function bindingsAsFunctionBody(source: string): string {
  const body = source
    .replace(instantiateLine, "function instantiate(")
    .replace(utilLine, "const _util = ")
    .replace(defaultDecoder, strictDecoder);
  return `${body}\nmodule.exports = { instantiate };\n`;
}
