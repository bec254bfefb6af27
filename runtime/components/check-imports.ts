import { type Issue, meant } from "../errors/index.js";
import type { ComponentImport } from "../wasm/index.js";

/**
 * Whether `name` is on the allow-list: named exactly (`wasi:random/random@0.2.12`, a world's
 * function `rand`), or by a version ending in `.x`, which stands for any version going on from
 * there (`wasi:random/random@0.2.x` allows `@0.2.0` … `@0.2.12`).
 */
export function importAllowed(name: string, allowed: ReadonlySet<string>): boolean {
  if (allowed.has(name)) return true;
  for (const entry of allowed) {
    if (!entry.endsWith(".x") || !entry.includes("@")) continue;
    const prefix = entry.slice(0, -1);
    if (name.startsWith(prefix) && /^\d+(?:\.\d+)*(?:[-+][0-9A-Za-z.+-]*)?$/.test(name.slice(prefix.length)))
      return true;
  }
  return false;
}

/**
 * Every import must be on the allow-list (none by default): interfaces, world functions,
 * resources, components. A type imported with an `eq` bound is a type the world defines (how
 * wit-component writes a world's own typedefs), not something the host provides: it is ignored.
 */
export function checkComponentImports(imports: readonly ComponentImport[], allowed: ReadonlySet<string>): Issue[] {
  const issues: Issue[] = [];
  const listed = [...allowed].sort().join(", ");
  const expected = allowed.size === 0 ? "no imports" : `one of ${listed}`;
  const provides = allowed.size === 0 ? "the sandbox provides no imports" : `the sandbox provides only ${listed}`;
  for (const entry of imports) {
    if (entry.kind === "type" && entry.bound === "eq") continue;
    if (importAllowed(entry.name, allowed)) continue;
    const close = meant(entry.name, allowed);
    issues.push({
      code: "COMPONENT_IMPORT_NOT_ALLOWED",
      path: `imports.${entry.name}`,
      expected,
      actual: describe(entry),
      message: `the component imports ${describe(entry)}; ${provides}`,
      ...(close.length === 0 ? {} : { suggestions: close }),
    });
  }
  return issues;
}

function describe(entry: ComponentImport): string {
  switch (entry.kind) {
    case "instance": {
      const names = entry.functions.map((f) => f.name);
      const shown = names.length > 6 ? [...names.slice(0, 6), `${names.length - 6} more`] : names;
      return `interface ${entry.name}${shown.length === 0 ? "" : ` (${shown.join(", ")})`}`;
    }
    case "func":
      return `function ${entry.name}`;
    case "type":
      return `resource ${entry.name}`;
    default:
      return `${entry.kind} ${entry.name}`;
  }
}
