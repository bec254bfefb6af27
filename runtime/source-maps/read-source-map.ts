import { sourceMapCaps } from "./limits.js";

/** A module's source map as the host uses it: only what mapping a failure needs. */
export interface GuestSourceMap {
  /** Paths as the compiler named them: relative to the project root, or `~lib/…`. */
  readonly sources: readonly string[];
  /**
   * Per source: library code rather than the task's own — the standard library (`~lib/`), and
   * whatever the map's `ignoreList` names (the build lists the guest SDK and the generated glue).
   */
  readonly library: readonly boolean[];
  readonly mappings: string;
}

const decoder = new TextDecoder("utf-8", { fatal: true });
/** A map is an object of arrays; V8 takes most of a second to parse a megabyte of nesting. */
const maxNesting = 8;

/**
 * Reads a `wasmflow.sourcemap` section. The module chose its bytes, so anything that is not a
 * version 3 map within `sourceMapCaps` — not UTF-8, not JSON, fields missing or of the wrong
 * type, paths empty, too long or with control characters — is undefined: a bad map only means
 * the failure is reported without the task's lines.
 */
export function readSourceMap(payload: Uint8Array): GuestSourceMap | undefined {
  if (payload.byteLength > sourceMapCaps.maxBytes) return undefined;
  let data: unknown;
  try {
    const text = decoder.decode(payload);
    if (nestsDeeperThan(text, maxNesting)) return undefined;
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) return undefined;
  const { version, sources, mappings, ignoreList } = data as Record<string, unknown>;
  if (version !== 3 || typeof mappings !== "string" || !validSources(sources)) return undefined;
  const ignored = ignoreList === undefined ? [] : ignoreList;
  if (!Array.isArray(ignored) || ignored.length > sources.length) return undefined;
  const library = sources.map((source) => source.startsWith("~lib/"));
  for (const index of ignored) {
    if (!Number.isInteger(index) || index < 0 || index >= sources.length) return undefined;
    library[index] = true;
  }
  return { sources, library, mappings };
}

function validSources(sources: unknown): sources is string[] {
  return (
    Array.isArray(sources) &&
    sources.length <= sourceMapCaps.maxSources &&
    sources.every(
      (source) =>
        typeof source === "string" &&
        source !== "" &&
        source.length <= sourceMapCaps.maxSourceLength &&
        !hasControlCharacter(source),
    )
  );
}

/** Whether JSON text opens more than `max` arrays or objects inside each other, strings aside. */
function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

// Paths end up in messages printed on terminals: no escape sequences, no line breaks.
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}
