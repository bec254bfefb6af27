import { existsSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";

/**
 * What a new project's package.json says for wasmflow. By default the range of this version
 * (`^0.1.0`); `from` may name a tarball or a folder (relative to `cwd`), which becomes a `file:`
 * spec relative to the project, or anything else npm takes (a range, a tag, a git URL), kept as it is.
 */
export function wasmflowSpec(version: string, from: string | undefined, projectDir: string, cwd: string): string {
  if (from === undefined || from === "") return `^${version}`;
  if (/^[a-z][a-z+]+:/i.test(from) || !existsSync(resolve(cwd, from))) return from;
  const path = relative(projectDir, resolve(cwd, from)).split(sep).join("/");
  return `file:${isAbsolute(path) || path.startsWith(".") ? path : `./${path}`}`;
}

/**
 * Whether npm takes a spec from somewhere other than the registry (a file, a folder, git, a URL).
 * npm counts a `prepare` script among the install scripts of such a package, and wasmflow has one.
 */
export function isNonRegistrySpec(spec: string): boolean {
  return (
    /^(file|link|git|git\+[a-z]+|https?|github|gitlab|bitbucket|gist):/i.test(spec) ||
    /^[./~]/.test(spec) ||
    // GitHub's shorthand, `owner/repo` or `owner/repo#ref`.
    /^[\w.-]+\/[\w.-]+(#.*)?$/.test(spec)
  );
}
