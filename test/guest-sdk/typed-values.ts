import { readFileSync } from "node:fs";
import { parseValueType, type ValueType } from "../../runtime/values/index.js";

/** The declared type of a fixture task's input, parsed as the runtime parses it. */
export function fixtureInputType(name: string): ValueType {
  const file = new URL(`../fixtures/as/${name}/${name}.task.json`, import.meta.url);
  return parseValueType(JSON.parse(readFileSync(file, "utf8")).input);
}
