import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { UsageError } from "../errors/index.js";
import { packagePath } from "../package-root.js";

/** The files every template shares; the other folders of `templates/` are the templates. */
const commonFolder = "common";

/** npm leaves `.gitignore` files out of a package, so templates keep theirs without the dot. */
const renamed: Readonly<Record<string, string>> = { gitignore: ".gitignore" };

export interface TemplateFile {
  /** Where the file goes, relative to the project, with `/`. */
  readonly path: string;
  readonly bytes: Buffer;
}

/** The templates the package ships, by name: the folders of `templates/` but `common`. */
export async function templateNames(): Promise<string[]> {
  const entries = await readdir(packagePath("templates"), { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory() && entry.name !== commonFolder)
    .map((entry) => entry.name)
    .sort();
}

/**
 * Every file of a template: the shared ones, then its own (which win where both have a path).
 * @throws UsageError when no template has that name.
 */
export async function templateFiles(name: string): Promise<TemplateFile[]> {
  const names = await templateNames();
  if (!names.includes(name)) {
    throw new UsageError(`there is no template "${name}"; templates: ${names.join(", ")}`);
  }
  const files = new Map<string, TemplateFile>();
  for (const folder of [commonFolder, name]) {
    for (const file of await filesUnder(packagePath("templates", folder))) files.set(file.path, file);
  }
  return [...files.values()].sort((a, b) => a.path.localeCompare(b.path));
}

async function filesUnder(base: string): Promise<TemplateFile[]> {
  const entries = await readdir(base, { withFileTypes: true, recursive: true });
  const files: TemplateFile[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const name = renamed[entry.name] ?? entry.name;
    const path = join(relative(base, entry.parentPath), name).split(sep).join("/");
    files.push({ path, bytes: await readFile(join(entry.parentPath, entry.name)) });
  }
  return files;
}
