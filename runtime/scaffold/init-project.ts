import { mkdir, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { FilesExistError, type Issue, UsageError } from "../errors/index.js";
import { readBoundedText } from "../files/index.js";
import { packageManifest } from "../package-root.js";
import { wasmflowSpec } from "./dependency.js";
import { type Manifest, mergeManifest, newManifest } from "./manifest.js";
import { type TemplateFile, templateFiles } from "./templates.js";

export interface InitOptions {
  /** The project folder; created if missing. */
  readonly dir: string;
  /** @default "sdk" */
  readonly template?: string;
  /** Where npm takes wasmflow from (see `wasmflowSpec`). @default the range of this version */
  readonly from?: string;
  /** Overwrite files, and package.json fields, that are already there. */
  readonly force?: boolean;
  /** What relative paths (the folder, `from`) are resolved against. @default process.cwd() */
  readonly cwd?: string;
}

/** `unchanged`: a package.json that already had everything the template needs. */
export type WrittenStatus = "created" | "replaced" | "updated" | "unchanged";

export interface InitResult {
  readonly dir: string;
  readonly template: string;
  readonly files: readonly { readonly path: string; readonly status: WrittenStatus }[];
  /** What was written into a package.json that was already there (`scripts.start`…). */
  readonly packageChanges: readonly string[];
}

const manifestCap = { maxBytes: 1024 * 1024, what: "package.json files" };

/**
 * Writes a template into a project folder: a package.json (merged into one that is there), the
 * example task and flow, a test running them through the library, `asconfig.json` (the compiler
 * options `wasmflow build` uses), `.gitignore` and tsconfigs.
 * Nothing is written unless everything can be: files already there, and package.json fields set
 * to other values, are refused together unless `force` is set.
 *
 * @throws FilesExistError listing every path in the way, before anything is written.
 * @throws UsageError for an unknown template, or a folder path that names a file.
 */
export async function initProject(options: InitOptions): Promise<InitResult> {
  const cwd = options.cwd ?? process.cwd();
  const dir = resolve(cwd, options.dir);
  const template = options.template ?? "sdk";
  const force = options.force === true;
  const files = await templateFiles(template);
  await checkFolder(dir);

  const spec = wasmflowSpec(packageManifest().version, options.from, dir, cwd);
  const issues: Issue[] = [];
  const writes: { path: string; bytes: Buffer | string; status: WrittenStatus }[] = [];
  let packageChanges: readonly string[] = [];
  const blocked = new Set<string>();
  for (const file of files) {
    const target = join(dir, file.path);
    const folder = await blockedFolder(dir, file.path);
    if (folder !== undefined) {
      if (!blocked.has(folder))
        issues.push({ code: "PATH_BLOCKED", path: folder, message: "is there and is not a folder" });
      blocked.add(folder);
      continue;
    }
    const kind = await kindOf(target);
    if (kind !== "missing" && kind !== "file") {
      issues.push({ code: "PATH_BLOCKED", path: file.path, message: "is there and is not a file" });
      continue;
    }
    if (file.path === "package.json") {
      const plan = await manifestPlan(file, kind === "file" ? target : undefined, dir, spec, force);
      issues.push(...plan.issues);
      packageChanges = plan.changes;
      writes.push({ path: file.path, bytes: plan.text, status: plan.status });
      continue;
    }
    if (kind === "file") issues.push({ code: "FILE_EXISTS", path: file.path, message: "is already there" });
    writes.push({ path: file.path, bytes: file.bytes, status: kind === "file" ? "replaced" : "created" });
  }
  const blocking = force ? issues.filter((issue) => issue.code === "PATH_BLOCKED") : issues;
  if (blocking.length > 0) throw new FilesExistError(dir, blocking, force);

  for (const write of writes) {
    if (write.status === "unchanged") continue;
    const target = join(dir, write.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, write.bytes);
  }
  return { dir, template, files: writes.map(({ path, status }) => ({ path, status })), packageChanges };
}

async function checkFolder(dir: string): Promise<void> {
  const kind = await kindOf(dir);
  if (kind !== "missing" && kind !== "directory") throw new UsageError(`${dir} is there and is not a folder`);
}

/** The first folder on the way to `path` (relative to `dir`, with `/`) that is there as something else. */
async function blockedFolder(dir: string, path: string): Promise<string | undefined> {
  const parts = path.split("/").slice(0, -1);
  for (let i = 1; i <= parts.length; i++) {
    const folder = parts.slice(0, i).join("/");
    const kind = await kindOf(join(dir, folder));
    if (kind === "missing") return undefined;
    if (kind !== "directory") return folder;
  }
  return undefined;
}

async function manifestPlan(
  file: TemplateFile,
  existingPath: string | undefined,
  dir: string,
  spec: string,
  force: boolean,
): Promise<{ text: string; status: WrittenStatus; changes: readonly string[]; issues: Issue[] }> {
  const template = JSON.parse(file.bytes.toString("utf8")) as Manifest;
  const existing = existingPath === undefined ? undefined : await readManifest(existingPath);
  if (existing === undefined) {
    const text = manifestText(newManifest(template, packageName(dir), spec));
    if (existingPath === undefined) return { text, status: "created", changes: [], issues: [] };
    const issue: Issue = { code: "FILE_EXISTS", path: file.path, message: "is there and is not a JSON object" };
    return { text, status: "replaced", changes: [], issues: [issue] };
  }
  const plan = mergeManifest(existing, template, spec, force);
  const issues = plan.differing.map(
    (field): Issue => ({
      code: "PACKAGE_FIELD_DIFFERS",
      path: `${file.path}#${field}`,
      message: `is ${JSON.stringify(valueAt(existing, field))}; the template sets ${JSON.stringify(valueAt(template, field))}`,
    }),
  );
  const status = plan.changes.length === 0 ? "unchanged" : "updated";
  return { text: manifestText(plan.manifest), status, changes: plan.changes, issues };
}

/** The project's package.json as an object, or undefined when it is not one (or not JSON). */
async function readManifest(path: string): Promise<Manifest | undefined> {
  try {
    const value: unknown = JSON.parse(await readBoundedText(path, manifestCap));
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Manifest) : undefined;
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}

function manifestText(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

function valueAt(manifest: Manifest, field: string): unknown {
  const [head = "", ...rest] = field.split(".");
  const value = manifest[head];
  if (rest.length === 0) return value;
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[rest.join(".")] : undefined;
}

/** An npm package name from a folder name: lower case, URL-safe, not starting with `.` or `_`. */
export function packageName(dir: string): string {
  const name = basename(dir)
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, "-")
    .replace(/^[._-]+/, "")
    .slice(0, 214);
  return name === "" ? "wasmflow-project" : name;
}

/** What is at `path`, symlinks followed. */
async function kindOf(path: string): Promise<"missing" | "file" | "directory" | "other"> {
  try {
    const info = await stat(path);
    return info.isFile() ? "file" : info.isDirectory() ? "directory" : "other";
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "missing";
    throw error;
  }
}
