import type { TaskDefinitionData } from "./definition-schema.js";

export type SourceLanguage = "assemblyscript" | "javascript" | "typescript";

/**
 * The language a definition's `source` is written in: as declared, else JavaScript for `.js` and
 * `.mjs` files and AssemblyScript for anything else (AssemblyScript sources are `.ts`, so a
 * TypeScript task for a JavaScript engine has to say so). Undefined for precompiled modules.
 */
export function sourceLanguage(
  definition: Pick<TaskDefinitionData, "source" | "language">,
): SourceLanguage | undefined {
  if (definition.source === undefined) return undefined;
  if (definition.language !== undefined) return definition.language;
  return /\.m?js$/i.test(definition.source) ? "javascript" : "assemblyscript";
}
