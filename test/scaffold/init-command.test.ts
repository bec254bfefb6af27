import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { cli } from "../helpers/cli.js";
import { tempProject } from "../helpers/project.js";

// `wasmflow init` as a user runs it, in throw-away folders. That the scaffold then installs,
// builds and runs is shown by templates-run.test.ts (against this checkout) and by
// test/package/installed-package.test.ts (from the packed tarball).

const repository = fileURLToPath(new URL("../..", import.meta.url));
const ownManifest = JSON.parse(readFileSync(join(repository, "package.json"), "utf8")) as {
  version: string;
  devDependencies: Record<string, string>;
  files: string[];
};
const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;

const sdkFiles = [
  ".gitignore",
  "asconfig.json",
  "flows/text-stats.flow.json",
  "package.json",
  "tasks/tsconfig.json",
  "tasks/word-count/index.ts",
  "tasks/word-count/word-count.task.json",
  "test/example.test.ts",
  "tsconfig.json",
];

interface InitDocument {
  dir: string;
  template: string;
  files: { path: string; status: string }[];
  packageChanges: string[];
  next: string[];
}

interface ErrorDocument {
  error: { code: string; message: string; issues: { code: string; path: string }[]; details: { files: string[] } };
}

describe("wasmflow init", () => {
  test("writes the sdk template into a new folder, and names the next steps", () => {
    const { root } = tempProject("wf-init-");
    const result = cli(["init", "my-app", "--json"], { cwd: root });
    expect(result.code, result.stderr).toBe(0);
    const document = result.json() as InitDocument;
    expect(document).toMatchObject({ dir: join(root, "my-app"), template: "sdk", packageChanges: [] });
    expect(document.files).toEqual(sdkFiles.map((path) => ({ path, status: "created" })));
    expect(document.next).toEqual(["cd my-app", "npm install", "npm start", "npm test"]);
    for (const path of sdkFiles) expect(existsSync(join(root, "my-app", path)), path).toBe(true);

    const manifest = readJson(join(root, "my-app", "package.json"));
    expect(manifest).toMatchObject({
      name: "my-app",
      private: true,
      type: "module",
      dependencies: { wasmflow: `^${ownManifest.version}` },
      allowScripts: { "better-sqlite3": true, "msgpackr-extract": true },
    });
    expect(Object.keys(manifest.scripts as object)).toEqual(expect.arrayContaining(["build", "start", "test"]));
    // From the registry, wasmflow has no install script to approve.
    expect(manifest.allowScripts).not.toHaveProperty("wasmflow");
    expect(readFileSync(join(root, "my-app", ".gitignore"), "utf8").split("\n")).toEqual(
      expect.arrayContaining(["node_modules/", "/build/", "/.wasmflow/", "*.gen.ts"]),
    );

    const human = cli(["init", "other"], { cwd: root });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^ {2}\+ tasks\/word-count\/word-count\.task\.json$/m);
    expect(human.stdout).toMatch(/^next:\n {2}cd other\n {2}npm install +\S.*\n {2}npm start +\S.*\n {2}npm test +\S/m);
  });

  test("each definition's $schema names the schema the installed package ships", () => {
    for (const template of ["sdk", "plain"]) {
      const { root } = tempProject("wf-init-");
      expect(cli(["init", "--template", template], { cwd: root }).code).toBe(0);
      const definitions = ["tasks", "flows"].flatMap((folder) =>
        readdirSync(join(root, folder), { recursive: true, encoding: "utf8" })
          .filter((path) => path.endsWith(".task.json") || path.endsWith(".flow.json"))
          .map((path) => join(root, folder, path)),
      );
      expect(definitions.length, template).toBe(2);
      for (const file of definitions) {
        const schema = resolve(dirname(file), readJson(file).$schema as string);
        const shipped = schema.slice(join(root, "node_modules", "wasmflow").length + 1);
        expect(schema.startsWith(join(root, "node_modules", "wasmflow", "schemas")), file).toBe(true);
        expect(existsSync(join(repository, shipped)), shipped).toBe(true);
        expect(ownManifest.files).toContain(`${shipped.split("/")[0]}/`);
      }
    }
  });

  test("refuses to overwrite files, listing every one, and writes nothing; --force overwrites them", () => {
    const { root } = tempProject("wf-init-");
    expect(cli(["init"], { cwd: root }).code).toBe(0);
    const source = join(root, "tasks/word-count/index.ts");
    writeFileSync(source, "// my own work\n");

    const refused = cli(["init", "--json"], { cwd: root });
    expect(refused.code).toBe(2);
    const { error } = refused.json() as ErrorDocument;
    expect(error.code).toBe("FILES_EXIST");
    // package.json is merged, not overwritten: the same fields again are no conflict.
    const expected = sdkFiles.filter((path) => path !== "package.json");
    expect(error.details.files).toEqual(expected);
    expect(error.issues).toEqual(expected.map((path) => expect.objectContaining({ code: "FILE_EXISTS", path })));
    expect(readFileSync(source, "utf8")).toBe("// my own work\n");

    const human = cli(["init"], { cwd: root });
    expect(human.stderr).toMatch(
      new RegExp(`^error \\[FILES_EXIST\\] .* already has ${expected.length} paths the template writes; pass --force`),
    );
    expect(human.stderr).toContain("  - tasks/word-count/index.ts: is already there");

    const forced = cli(["init", "--force", "--json"], { cwd: root });
    expect(forced.code).toBe(0);
    const { files } = forced.json() as InitDocument;
    expect(files).toContainEqual({ path: "tasks/word-count/index.ts", status: "replaced" });
    // package.json already had everything: it is left as it was.
    expect(files).toContainEqual({ path: "package.json", status: "unchanged" });
    expect(readFileSync(source, "utf8")).toContain("export function run(input: Input): Output");
  });

  test("adds what it needs to a package.json that is there, and keeps the rest, an installed wasmflow included", () => {
    const { root, write } = tempProject("wf-init-");
    write(
      "package.json",
      JSON.stringify({
        name: "existing",
        version: "2.0.0",
        scripts: { test: 'echo "Error: no test specified" && exit 1', lint: "biome check ." },
        dependencies: { wasmflow: "file:../wasmflow-0.1.0.tgz", zod: "4.0.0" },
        allowScripts: { "better-sqlite3@12.11.1": true },
      }),
    );
    const result = cli(["init", "--json"], { cwd: root });
    expect(result.code, result.stdout).toBe(0);
    const document = result.json() as InitDocument;
    expect(document.files).toContainEqual({ path: "package.json", status: "updated" });
    expect(document.packageChanges).toEqual(
      expect.arrayContaining([
        "type",
        "scripts.start",
        "scripts.test",
        "devDependencies.vitest",
        "allowScripts.wasmflow",
      ]),
    );
    const manifest = readJson(join(root, "package.json"));
    expect(manifest).toMatchObject({
      name: "existing",
      version: "2.0.0",
      type: "module",
      scripts: { lint: "biome check .", test: "wasmflow build && vitest run" },
      dependencies: { wasmflow: "file:../wasmflow-0.1.0.tgz", zod: "4.0.0" },
      // A pinned approval is the project's own; wasmflow from a file has a `prepare` script npm asks about.
      allowScripts: { "better-sqlite3@12.11.1": true, "msgpackr-extract": true, wasmflow: true },
    });
    expect(manifest.allowScripts).not.toHaveProperty("better-sqlite3");
  });

  test("refuses package.json fields set otherwise (type, a script) unless --force", () => {
    const { root, write } = tempProject("wf-init-");
    write("package.json", JSON.stringify({ name: "cjs", type: "commonjs", scripts: { start: "node index.js" } }));
    const refused = cli(["init", "--json"], { cwd: root });
    expect(refused.code).toBe(2);
    const { error } = refused.json() as ErrorDocument;
    expect(error.issues).toEqual([
      expect.objectContaining({ code: "PACKAGE_FIELD_DIFFERS", path: "package.json#type" }),
      expect.objectContaining({ code: "PACKAGE_FIELD_DIFFERS", path: "package.json#scripts.start" }),
    ]);
    expect(error.message).toContain('package.json#type: is "commonjs"; the template sets "module"');
    expect(existsSync(join(root, "tasks"))).toBe(false);
    expect(readJson(join(root, "package.json")).type).toBe("commonjs");

    expect(cli(["init", "--force"], { cwd: root }).code).toBe(0);
    expect(readJson(join(root, "package.json"))).toMatchObject({ name: "cjs", type: "module" });
  });

  test("--from a tarball writes a file: dependency relative to the project, approved to run its prepare script", () => {
    const { root, write } = tempProject("wf-init-");
    write("dist/wasmflow-9.9.9.tgz", "not really a tarball");
    const result = cli(["init", "apps/one", "--from", "dist/wasmflow-9.9.9.tgz"], { cwd: root });
    expect(result.code, result.stderr).toBe(0);
    expect(readJson(join(root, "apps/one/package.json"))).toMatchObject({
      dependencies: { wasmflow: "file:../../dist/wasmflow-9.9.9.tgz" },
      allowScripts: { wasmflow: true },
    });
    expect(cli(["init", "two", "--from", "~0.1.2"], { cwd: root }).code).toBe(0);
    expect(readJson(join(root, "two/package.json")).dependencies).toEqual({ wasmflow: "~0.1.2" });
  });

  test("an unknown template, and a folder that is a file, are usage errors; --force does not replace a folder", () => {
    const { root, write } = tempProject("wf-init-");
    const unknown = cli(["init", "--template", "rust", "--json"], { cwd: root });
    expect(unknown.code).toBe(2);
    expect(unknown.json()).toMatchObject({
      error: { code: "USAGE", message: 'there is no template "rust"; templates: plain, sdk' },
    });
    write("file.txt", "");
    expect(cli(["init", "file.txt", "--json"], { cwd: root }).json()).toMatchObject({ error: { code: "USAGE" } });

    mkdirSync(join(root, "blocked", "tsconfig.json"), { recursive: true });
    write("blocked/tasks", "a file where a folder goes");
    const blocked = cli(["init", "blocked", "--force", "--json"], { cwd: root });
    expect(blocked.code).toBe(2);
    expect((blocked.json() as ErrorDocument).error.issues).toEqual([
      expect.objectContaining({ code: "PATH_BLOCKED", path: "tasks" }),
      expect.objectContaining({ code: "PATH_BLOCKED", path: "tsconfig.json" }),
    ]);
    expect(existsSync(join(root, "blocked", "package.json"))).toBe(false);
  });

  test("the templates' tools are the versions this repository tests with", () => {
    for (const template of ["sdk", "plain"]) {
      const manifest = readJson(join(repository, "templates", template, "package.json"));
      for (const [name, version] of Object.entries(manifest.devDependencies as Record<string, string>)) {
        expect(`${name}@${version}`).toBe(`${name}@${ownManifest.devDependencies[name]}`);
      }
    }
  });
});
