import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

// The parts table is enforced by biome's noRestrictedImports, one override per folder in
// biome.json. Each rule is shown to bite here: a file in the folder with an import the table
// forbids gets the diagnostic, and one with an import it allows gets none. The files are linted
// in a scratch folder under a copy of the project's own biome.json, so nothing is written into
// the source tree.

const root = fileURLToPath(new URL("../..", import.meta.url));
const biome = join(root, "node_modules", ".bin", "biome");

interface Probe {
  /** Where the importing file is, from the project root. */
  readonly file: string;
  readonly from: string;
  readonly allowed: boolean;
  /** The importing file's own name, for a rule that names one file; `probe-<n>.ts` otherwise. */
  readonly name?: string;
}

const forbidden = (file: string, from: string): Probe => ({ file, from, allowed: false });
const allowed = (file: string, from: string): Probe => ({ file, from, allowed: true });
/** The dashboard's one door to the runtime. */
const door = (from: string, allowed: boolean): Probe => ({
  file: "dashboard/src/api",
  name: "wasmflow.ts",
  from,
  allowed,
});

const probes: readonly Probe[] = [
  // errors/ imports nothing of ours.
  forbidden("runtime/errors", "../values/index.js"),
  forbidden("runtime/errors", "../wasm/index.js"),
  allowed("runtime/errors", "./codes.js"),
  // wasm/ only errors.
  forbidden("runtime/wasm", "../values/index.js"),
  forbidden("runtime/wasm", "../tasks/index.js"),
  allowed("runtime/wasm", "../errors/index.js"),
  forbidden("runtime/wasm/component", "../../values/index.js"),
  allowed("runtime/wasm/component", "../../errors/index.js"),
  allowed("runtime/wasm/component", "../reader.js"),
  // components/ maps a component's types onto the value types: errors, values and wasm only.
  forbidden("runtime/components", "../tasks/index.js"),
  forbidden("runtime/components", "../sandbox/index.js"),
  forbidden("runtime/components", "../values/codec/index.js"),
  allowed("runtime/components", "../wasm/index.js"),
  allowed("runtime/components", "../values/index.js"),
  allowed("runtime/components", "../errors/index.js"),
  allowed("runtime/components", "./component-names.js"),
  // values/ only errors, from its own files and from codec/.
  forbidden("runtime/values", "../sandbox/index.js"),
  forbidden("runtime/values", "../index.js"),
  allowed("runtime/values", "../errors/index.js"),
  forbidden("runtime/values/codec", "../../sandbox/index.js"),
  forbidden("runtime/values/codec", "../../tasks/index.js"),
  allowed("runtime/values/codec", "../../errors/index.js"),
  allowed("runtime/values/codec", "../value-type.js"),
  // abi/ only the wasm signature type.
  forbidden("runtime/abi", "../tasks/index.js"),
  allowed("runtime/abi", "../wasm/index.js"),
  // store/ knows no engine: errors and values only.
  forbidden("runtime/store", "../flows/index.js"),
  forbidden("runtime/store", "../sandbox/index.js"),
  forbidden("runtime/store", "../tasks/index.js"),
  allowed("runtime/store", "../errors/index.js"),
  allowed("runtime/store", "../values/index.js"),
  // tasks/ below the sandbox and the flows.
  forbidden("runtime/tasks", "../sandbox/index.js"),
  forbidden("runtime/tasks/check", "../../flows/index.js"),
  allowed("runtime/tasks/check", "../../wasm/index.js"),
  allowed("runtime/tasks/check", "../../abi/index.js"),
  // tasks/ read components through components/ (registration checks and transpiles them).
  allowed("runtime/tasks", "../components/index.js"),
  allowed("runtime/tasks/check", "../../components/index.js"),
  // flows/ reach the sandbox only through the runner's types.
  forbidden("runtime/flows", "../sandbox/index.js"),
  forbidden("runtime/flows/engine", "../../sandbox/index.js"),
  forbidden("runtime/flows/engine", "../../sandbox/runner.js"),
  forbidden("runtime/flows/check", "../../cli/output.js"),
  allowed("runtime/flows/engine", "../../sandbox/runner-types.js"),
  allowed("runtime/flows/check", "../../values/index.js"),
  allowed("runtime/flows", "../store/index.js"),
  // cli/ reaches the runtime only through the public API; tests stay out of the runtime.
  forbidden("runtime/cli", "../sandbox/index.js"),
  forbidden("runtime/cli", "../flows/index.js"),
  forbidden("runtime/cli", "../errors/index.js"),
  forbidden("runtime/cli/commands", "../../sandbox/run-options.js"),
  forbidden("runtime/cli/commands", "../../store/index.js"),
  forbidden("runtime/cli/commands", "../../wasmflow.js"),
  forbidden("runtime/cli/commands", "../../../test/helpers/project.js"),
  allowed("runtime/cli", "../index.js"),
  allowed("runtime/cli", "./output.js"),
  allowed("runtime/cli/commands", "../../index.js"),
  allowed("runtime/cli/commands", "../output.js"),
  allowed("runtime/cli/commands", "../../package-root.js"),
  allowed("runtime/cli/commands", "../../server/index.js"),
  allowed("runtime/cli/commands", "../../client/index.js"),
  allowed("runtime/cli", "../client/index.js"),
  forbidden("runtime/cli", "../client/wasmflow-client.js"),
  // The client runs in browsers too: no Node built-ins, nothing of the runtime but errors and types.
  forbidden("runtime/client", "node:fs"),
  forbidden("runtime/client", "../store/index.js"),
  forbidden("runtime/client", "../server/index.js"),
  allowed("runtime/client", "../errors/index.js"),
  allowed("runtime/client", "./event-stream.js"),
  // tokens/ keep their rows in the store and know nothing above it.
  forbidden("runtime/tokens", "../flows/index.js"),
  allowed("runtime/tokens", "../store/index.js"),
  // The server is an adapter over the public API, as the CLI is.
  forbidden("runtime/server", "../flows/index.js"),
  forbidden("runtime/server", "../store/index.js"),
  forbidden("runtime/server/routes", "../../sandbox/index.js"),
  forbidden("runtime/server/routes", "../../wasmflow.js"),
  allowed("runtime/server", "../index.js"),
  allowed("runtime/server", "./app.js"),
  allowed("runtime/server", "../package-root.js"),
  allowed("runtime/server/routes", "../../index.js"),
  allowed("runtime/server/routes", "../schemas.js"),
  // The public API's tests see what a library user sees.
  forbidden("test/public-api", "../../runtime/wasmflow.js"),
  forbidden("test/public-api", "../../runtime/sandbox/index.js"),
  allowed("test/public-api", "../../runtime/index.js"),
  allowed("test/public-api", "../helpers/project.js"),
  // Guest code, the model for the rest, reaches no host code.
  forbidden("test/fixtures/as", "../../../runtime/values/index.js"),
  forbidden("tasks/word-count", "node:fs"),
  allowed("tasks/word-count", "../../guest-sdk/index"),
  // The dashboard runs in a browser: the runtime only through its door, and the door opens onto
  // the browser-safe parts only.
  forbidden("dashboard/src/pages", "../../../runtime/client/index.js"),
  forbidden("dashboard/src/pages", "node:fs"),
  forbidden("dashboard/src/api", "../../../runtime/values/index.js"),
  allowed("dashboard/src/pages", "../api/wasmflow.js"),
  // One probe can be the door (it is one file); that its own imports pass, `biome check .` shows.
  door("../../../runtime/store/index.js", false),
];

let scratch: string;
let diagnosed: Map<string, string[]>;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "wf-layering-"));
  const config = JSON.parse(readFileSync(join(root, "biome.json"), "utf8")) as Record<string, unknown>;
  // The scratch folder is no git checkout and has no node_modules for the schema.
  delete config.$schema;
  config.vcs = { enabled: false };
  writeFileSync(join(scratch, "biome.json"), JSON.stringify(config));
  for (const [i, probe] of probes.entries()) {
    const file = join(scratch, probe.file, probe.name ?? `probe-${i}.ts`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `import { value } from "${probe.from}";\n\nexport const probe = value;\n`);
  }
  const run = spawnSync(
    biome,
    ["lint", "--reporter=json", "--max-diagnostics=none", "runtime", "test", "tasks", "dashboard"],
    {
      cwd: scratch,
      encoding: "utf8",
    },
  );
  const report = JSON.parse(run.stdout) as {
    diagnostics: { category: string; message: string; location: { path: string } }[];
  };
  diagnosed = new Map();
  for (const diagnostic of report.diagnostics) {
    if (diagnostic.category !== "lint/style/noRestrictedImports") continue;
    const path = diagnostic.location.path.replaceAll("\\", "/");
    diagnosed.set(path, [...(diagnosed.get(path) ?? []), diagnostic.message]);
  }
}, 60_000);

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe("each folder's import rule", () => {
  test.each(probes.map((probe, i) => ({ ...probe, path: `${probe.file}/${probe.name ?? `probe-${i}.ts`}` })))(
    "$path importing $from: allowed $allowed",
    ({ path, allowed }) => {
      const messages = diagnosed.get(path) ?? [];
      if (allowed) expect(messages).toEqual([]);
      else expect(messages).toHaveLength(1);
    },
  );

  test("every folder the rules name has a forbidden import shown to fail", () => {
    const config = JSON.parse(readFileSync(join(root, "biome.json"), "utf8")) as {
      overrides: { includes: string[] }[];
    };
    const folders = config.overrides
      .flatMap((override) => override.includes)
      .filter((include) => /^(runtime|test|dashboard)\/[a-z-]+\//.test(include))
      .map((include) => include.split("/").slice(0, 2).join("/"));
    for (const folder of new Set(folders)) {
      expect(
        probes.some((probe) => !probe.allowed && probe.file.startsWith(folder)),
        folder,
      ).toBe(true);
    }
  });
});
