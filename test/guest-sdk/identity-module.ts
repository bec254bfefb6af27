import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { TypeModel } from "../../runtime/build/codegen/type-model.js";
import { compileAssemblyScript } from "../../runtime/build/compile.js";
import { generateTaskCode } from "../../runtime/build/index.js";
import type { ValueType } from "../../runtime/values/index.js";
import { fixtureProject } from "../build/fixture-project.js";
import { compileTaskModule } from "../helpers/host-memory.js";

const sdkIndex = fileURLToPath(new URL("../../guest-sdk/index.ts", import.meta.url));

/** The entry of the identity task of `types[i]` in the module `identityModule` builds. */
export const identityEntry = (i: number) => `t${i}`;

/**
 * One module holding an identity sdk task for each of `types`: entry `t<i>` decodes a value of
 * `types[i]` with the generated codecs, returns it unchanged and encodes it. Each task's files are
 * generated as `wasmflow build` generates them; one compilation serves them all, as compiling a
 * module per type would take minutes.
 */
export async function identityModule(types: readonly ValueType[]): Promise<WebAssembly.Module> {
  const root = fixtureProject([]);
  const exports = types.map((type, i) => {
    const name = identityEntry(i);
    const dir = join(root, "tasks", name);
    mkdirSync(dir, { recursive: true });
    const source = join(dir, "index.ts");
    writeFileSync(source, identitySource(type, name));
    const code = generateTaskCode({
      source,
      sdkIndex,
      exportName: name,
      inputType: type,
      outputType: type,
      definitionLabel: `tasks/${name}`,
    });
    for (const file of [code.types, code.entry]) writeFileSync(file.path, file.text);
    return `export { ${name} } from "./tasks/${name}/index.entry.gen";`;
  });
  const entry = join(root, "identity.ts");
  const sdk = relative(root, sdkIndex.replace(/\.ts$/, ""));
  writeFileSync(entry, [`export { wasmflow_alloc } from "./${sdk}";`, ...exports, ""].join("\n"));
  const compiled = await compileAssemblyScript({
    root,
    entry,
    target: "release",
    maximumMemory: 256,
    exportRuntime: false,
  });
  if (!compiled.ok) throw new Error(`identity module did not compile: ${JSON.stringify(compiled.issues, null, 2)}`);
  return compileTaskModule(compiled.binary);
}

// Whatever the type (a record, a list, a bare u32), the function's signature names it as the
// generated module does, and the output type, equal to the input's, is the same AssemblyScript type.
function identitySource(type: ValueType, name: string): string {
  const model = new TypeModel();
  model.declare(type, "Input");
  const asType = model.asType(type);
  const imports = ["Box", ...model.declarations.map((d) => d.name)].join(", ");
  return [
    `import { ${imports} } from "./index.gen";`,
    "",
    `export function ${name}(input: ${asType}): ${asType} {`,
    "  return input;",
    "}",
    "",
  ].join("\n");
}
