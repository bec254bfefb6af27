/**
 * The custom section `wasmflow build` writes a module's source map into: a version 3 source map
 * as JSON, keyed like every WebAssembly source map by byte offset in the module.
 */
export const sourceMapSection = "wasmflow.sourcemap";

/**
 * Bounds on a module's source map. The map travels inside the module, so a hostile module
 * chooses it: the host reads one only when a call fails, and never more than this. A map over a
 * bound is no map — the error says what it said before maps existed.
 */
export const sourceMapCaps = {
  /**
   * Bytes of the section. The build's maps run at about one byte per byte of module, so this
   * covers tasks up to about a megabyte of code; a larger map is left out of the module.
   */
  maxBytes: 1024 * 1024,
  /** Entries of `sources`: the standard library and a task together name a few dozen. */
  maxSources: 4096,
  /** Characters of one source path. */
  maxSourceLength: 1024,
  /** Guest frames mapped for one error, innermost first. */
  maxFrames: 32,
} as const;
