import { cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, test } from "vitest";
import { fileCaps } from "../../runtime/tasks/index.js";
import { cli } from "../helpers/cli.js";
import { closeHostileSockets, hostileFile, hostileKinds } from "../helpers/hostile-files.js";

const asconfig = fileURLToPath(new URL("../../asconfig.json", import.meta.url));
const timeoutMs = 30_000;

/** A project with one sdk task whose source is `tasks/t/index.ts`, not yet written. */
function project(): { root: string; folder: string } {
  const root = mkdtempSync(join(tmpdir(), "wf-build-hostile-"));
  const folder = join(root, "tasks", "t");
  mkdirSync(folder, { recursive: true });
  cpSync(asconfig, join(root, "asconfig.json"));
  const definition = { name: "t", abi: "sdk", source: "index.ts", module: "../../build/t.wasm", input: "string" };
  writeFileSync(join(folder, "t.task.json"), JSON.stringify({ ...definition, output: "string" }));
  return { root, folder };
}

afterAll(closeHostileSockets);

test.each(hostileKinds)(
  "a source that is %s fails the build with a typed issue, without waiting on it",
  async (kind) => {
    const { root, folder } = project();
    const file = await hostileFile(kind, root, "hostile.ts", fileCaps.maxSourceBytes);
    symlinkSync(file.path, join(folder, "index.ts"));
    const result = cli(["build", "--json"], { cwd: root, timeoutMs });
    expect(result.signal, "killed by the timeout: the build waited on the source").toBeNull();
    expect(result.code).toBe(2);
    expect(result.json()).toMatchObject({
      error: {
        code: "BUILD_FAILED",
        issues: expect.arrayContaining([
          expect.objectContaining(
            file.expected.code === "FILE_TOO_LARGE"
              ? { code: "FILE_TOO_LARGE" }
              : { code: "FILE_NOT_REGULAR", message: expect.stringContaining(`a ${file.expected.kind}`) },
          ),
        ]),
      },
    });
  },
  timeoutMs + 10_000,
);

test(
  "a FIFO where the build writes generated code is refused, not written to",
  async () => {
    const { root, folder } = project();
    writeFileSync(join(folder, "index.ts"), "export function run(text: string): string { return text; }\n");
    const fifo = await hostileFile("a FIFO", folder, "index.gen.ts", fileCaps.maxSourceBytes);
    const result = cli(["build", "--json"], { cwd: root, timeoutMs });
    expect(result.signal, "killed by the timeout: the build waited on the FIFO").toBeNull();
    expect(result.code).toBe(2);
    expect(result.json()).toMatchObject({
      error: { code: "FILE_NOT_REGULAR", details: { path: fifo.path, kind: "FIFO" } },
    });
  },
  timeoutMs + 10_000,
);
