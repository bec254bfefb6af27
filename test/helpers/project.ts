import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** A throw-away project folder: the registry's root, with a store in `.wasmflow/`. */
export function tempProject(prefix = "wf-project-"): {
  root: string;
  home: string;
  write: (path: string, data: string | Uint8Array) => string;
} {
  const root = mkdtempSync(join(tmpdir(), prefix));
  return {
    root,
    home: join(root, ".wasmflow"),
    write(path, data) {
      const full = join(root, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, data);
      return full;
    },
  };
}
