/**
 * How names meet between a task definition, a component's WIT and the JavaScript bindings jco
 * generates for it. WIT labels are kebab-case words (`word-count`; a word may be an acronym in
 * capitals, `HTTP-code`). Our record field names are identifiers (`wordCount`, `word_count`);
 * enum cases, variant cases and flags are WIT labels on both sides. jco names record fields,
 * flags and functions in lowerCamelCase (`wordCount`, `canRead`, `getItem`) and keeps enum and
 * variant labels as they are.
 */

// Word boundaries inside an identifier: after a lowercase letter or digit before a capital
// (`word|Count`, `utf8|Bytes`), and before the last capital of a run followed by a lowercase
// letter (`HTTP|Server`).
const boundary = /(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/;

/**
 * The kebab-case form of one of our field names, lowercase: `wordCount`, `word_count` →
 * `word-count`; `HTTPServer` → `http-server`; `utf8Bytes` → `utf8-bytes`. A name with a leading,
 * trailing or doubled underscore keeps an empty word (`_x` → `-x`), which no WIT label matches.
 */
export function kebabOf(fieldName: string): string {
  return fieldName
    .split("_")
    .map((part) => part.split(boundary).join("-"))
    .join("-")
    .toLowerCase();
}

/** Whether our field name and a WIT label name the same field: their kebab forms agree, case aside. */
export function fieldNameMatches(fieldName: string, witName: string): boolean {
  return kebabOf(fieldName) === witName.toLowerCase();
}

/**
 * jco's JavaScript name for a WIT label (a record field, a flag, a function): the first word in
 * lowercase, every other word capitalised: `word-count` → `wordCount`, `HTTP-code` → `httpCode`,
 * `a1-b` → `a1B`.
 */
export function camelOf(label: string): string {
  return label
    .split("-")
    .map((word, i) => (i === 0 ? word.toLowerCase() : word.charAt(0).toUpperCase() + word.slice(1).toLowerCase()))
    .join("");
}

/** The key jco gives one of our record fields once it matched a WIT field: `word_count` → `wordCount`. */
export function jcoFieldKey(fieldName: string): string {
  return camelOf(kebabOf(fieldName));
}

/**
 * Where jco's bindings put an exported function, from the instance `instantiate` returns: a
 * world's own function at its camelCase name (`get-item` → `["getItem"]`), an interface's under
 * the interface's full name (`wasmflow:task/run@0.1.0#run` → `["wasmflow:task/run@0.1.0", "run"]`).
 */
export function jcoExportPath(exportPath: string): readonly string[] {
  const hash = exportPath.lastIndexOf("#");
  if (hash === -1) return [camelOf(exportPath)];
  return [exportPath.slice(0, hash), camelOf(exportPath.slice(hash + 1))];
}
