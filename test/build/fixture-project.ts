import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const fixtures = join(repo, "test/fixtures/as");

/**
 * A throw-away project holding copies of AssemblyScript fixture tasks under `tasks/<name>/` and the
 * repository's `asconfig.json`, so builds write their generated files and modules there, not here.
 */
export function fixtureProject(names: readonly string[], options: { asconfig?: boolean } = {}): string {
  const root = mkdtempSync(join(tmpdir(), "wf-build-"));
  for (const name of names) {
    const from = name.startsWith("tasks/") ? join(repo, name) : join(fixtures, name);
    const folder = name.startsWith("tasks/") ? name.slice("tasks/".length) : name;
    cpSync(from, join(root, "tasks", folder), {
      recursive: true,
      filter: (path) => !path.endsWith(".gen.ts"),
    });
  }
  if (options.asconfig !== false) cpSync(join(repo, "asconfig.json"), join(root, "asconfig.json"));
  return root;
}

/** The module a fixture task was built into: `build/<name>.wasm` under the project root. */
export function readModule(root: string, name: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(readFileSync(join(root, "build", `${name}.wasm`)));
}
