import { camelOf } from "../../../components/index.js";

// A WIT label: kebab-case words, each all lowercase or an all-uppercase acronym, each starting
// with a letter (`word-count`, `HTTP-code`).
const label = /^(?:[a-z][a-z0-9]*|[A-Z][A-Z0-9]*)(?:-(?:[a-z][a-z0-9]*|[A-Z][A-Z0-9]*))*$/;
const semver =
  /^(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;
// `namespace:package/interface@version#function`, the version optional.
const interfacePath = /^([^:/@#]+):([^:/@#]+)\/([^:/@#]+)(?:@([^#]+))?#([^#]+)$/;

export function isWitLabel(text: string): boolean {
  return label.test(text);
}

/**
 * A label as a WIT identifier: always `%`-escaped, so a label that is a WIT keyword (`type`,
 * `list`, `result`, `flags`) still names a field, case or function.
 */
export function witIdentifier(text: string): string {
  return `%${text}`;
}

/** Where the task's function sits in the component, from the definition's `export`. */
export type ExportPlace =
  | { readonly kind: "world"; readonly func: string }
  | {
      readonly kind: "interface";
      readonly namespace: string;
      readonly package: string;
      readonly interface: string;
      readonly version: string | undefined;
      readonly func: string;
    };

/**
 * `run` → the world's own function `run`; `wasmflow:task/run@0.1.0#run` → function `run` of
 * interface `run` in package `wasmflow:task@0.1.0`. For a name that is neither, the reason why,
 * as text.
 */
export function exportPlace(name: string): ExportPlace | string {
  if (!name.includes(":") && !name.includes("#")) {
    return isWitLabel(name)
      ? { kind: "world", func: name }
      : `"${name}" is not a WIT name (kebab-case words: run, word-count)`;
  }
  const parts = interfacePath.exec(name);
  if (parts === null) {
    return `"${name}" is neither a WIT function name (run) nor an interface's function (wasmflow:task/run@0.1.0#run)`;
  }
  const [, namespace = "", pkg = "", iface = "", version, func = ""] = parts;
  for (const [what, text] of [
    ["namespace", namespace],
    ["package", pkg],
    ["interface", iface],
    ["function", func],
  ] as const) {
    if (!isWitLabel(text)) return `the ${what} "${text}" of "${name}" is not a WIT name (kebab-case words)`;
  }
  if (version !== undefined && !semver.test(version)) {
    return `the version "${version}" of "${name}" is not a semantic version (0.1.0)`;
  }
  return { kind: "interface", namespace, package: pkg, interface: iface, version, func };
}

/** The core module's export name of the function, as wit-component expects it. */
export function coreExportName(place: ExportPlace): string {
  if (place.kind === "world") return place.func;
  const version = place.version === undefined ? "" : `@${place.version}`;
  return `${place.namespace}:${place.package}/${place.interface}${version}#${place.func}`;
}

/**
 * The name of the task's function in its source: the WIT function's name as jco names it in
 * JavaScript (`run` → `run`, `char-classes` → `charClasses`), for AssemblyScript and JavaScript alike.
 */
export function sourceFunctionName(place: ExportPlace): string {
  return camelOf(place.func);
}
