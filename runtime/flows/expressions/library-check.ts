import { Environment } from "@marcbachmann/cel-js";

/**
 * Expressions that the expression library answers wrongly without the fixes wasmflow carries
 * (`patches/@marcbachmann+cel-js+8.0.0.patch`, applied at install and shipped inside the package
 * as a bundled dependency). A package manager that ignores bundled dependencies could give the
 * runtime the library as published: conditions would then take wrong arms silently, so the
 * runtime refuses to evaluate anything instead.
 */
const probes: readonly (readonly [string, (value: unknown) => boolean])[] = [
  ["'a\u{1F431}b'.indexOf('b') == 2", (value) => value === true],
  ["[].all(e, e > 0)", (value) => value === true],
  ["dyn(3u) in [3]", (value) => value === true],
];

let verified = false;

/** Throws when the expression library lacks the fixes; checks once per process (some 0.1 ms). */
export function assertExactLibrary(): void {
  if (verified) return;
  const env = new Environment({ enableOptionalTypes: true });
  const failed: string[] = [];
  for (const [text, ok] of probes) {
    let value: unknown;
    try {
      value = env.evaluate(text);
    } catch (error) {
      value = error;
    }
    if (!ok(value)) failed.push(text);
  }
  if (failed.length === 0) {
    verified = true;
    return;
  }
  throw new Error(
    `the CEL library @marcbachmann/cel-js loaded here lacks wasmflow's fixes (${failed.join("; ")} answer wrongly); ` +
      "install wasmflow with a package manager that keeps its bundled dependencies (npm, yarn 1)",
  );
}
