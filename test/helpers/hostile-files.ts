import { spawnSync } from "node:child_process";
import { mkdirSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { dirname, join, relative } from "node:path";
import { expect } from "vitest";
import { definition } from "./task-modules.js";

/** What a path can name where wasmflow expects a regular file of reasonable size. */
export const hostileKinds = [
  "a FIFO",
  "a directory",
  "/dev/zero",
  "/dev/urandom",
  "a symlink to a FIFO",
  "a socket",
  "a sparse file one byte over the cap",
] as const;
export type HostileKind = (typeof hostileKinds)[number];

export type ExpectedRefusal =
  | { readonly code: "FILE_NOT_REGULAR"; readonly kind: string }
  | { readonly code: "FILE_TOO_LARGE" };

export interface HostileFile {
  readonly path: string;
  readonly expected: ExpectedRefusal;
}

/** How each way of handing wasmflow a file reports a refused one, as the error's JSON. */
export const refusals = {
  /** A file read for its own sake (`task inspect`, `--input-file`): the error is the file's. */
  ownError: (expected: ExpectedRefusal) =>
    expected.code === "FILE_TOO_LARGE"
      ? { code: "FILE_TOO_LARGE", details: { maxBytes: expect.any(Number) } }
      : { code: "FILE_NOT_REGULAR", details: { kind: expected.kind } },
  /** A definition file: one issue of its `DefinitionError`. */
  definitionIssue: (expected: ExpectedRefusal) => ({
    code: "DEFINITION_INVALID",
    issues: [
      expected.code === "FILE_TOO_LARGE"
        ? { code: "FILE_TOO_LARGE" }
        : { code: "FILE_NOT_REGULAR", actual: expected.kind },
    ],
  }),
  /** A module a definition names: an issue of the task, as every other problem with a module is. */
  moduleIssue: (expected: ExpectedRefusal) => ({
    code: "TASK_INVALID",
    issues: [
      expected.code === "FILE_TOO_LARGE"
        ? { code: "MODULE_TOO_LARGE", path: "module" }
        : { code: "FILE_NOT_REGULAR", path: "module", actual: expected.kind },
    ],
  }),
} as const;

const servers: Server[] = [];

/**
 * Makes `kind` at `dir/name` (the devices are used where they are). The oversized file is sparse,
 * `maxBytes + 1` bytes long without taking the disk space. A socket stays bound until
 * `closeHostileSockets()`.
 */
export async function hostileFile(
  kind: HostileKind,
  dir: string,
  name: string,
  maxBytes: number,
): Promise<HostileFile> {
  const path = join(dir, name);
  switch (kind) {
    case "a FIFO":
      mkfifo(path);
      return { path, expected: { code: "FILE_NOT_REGULAR", kind: "FIFO" } };
    case "a directory":
      mkdirSync(path);
      return { path, expected: { code: "FILE_NOT_REGULAR", kind: "directory" } };
    case "/dev/zero":
    case "/dev/urandom":
      return { path: kind, expected: { code: "FILE_NOT_REGULAR", kind: "character device" } };
    case "a symlink to a FIFO":
      mkfifo(`${path}.fifo`);
      symlinkSync(`${path}.fifo`, path);
      return { path, expected: { code: "FILE_NOT_REGULAR", kind: "FIFO" } };
    case "a socket": {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => server.once("error", reject).listen(path, resolve));
      return { path, expected: { code: "FILE_NOT_REGULAR", kind: "socket" } };
    }
    case "a sparse file one byte over the cap":
      writeFileSync(path, "");
      truncateSync(path, maxBytes + 1);
      return { path, expected: { code: "FILE_TOO_LARGE" } };
  }
}

/** A task definition in `dir` whose module is `path`, wherever that is (read it with the project root `/`). */
export function definitionNaming(path: string, dir: string): string {
  const file = join(dir, "hostile.task.json");
  writeFileSync(file, JSON.stringify(definition({ module: relative(dirname(file), path) })));
  return file;
}

export async function closeHostileSockets(): Promise<void> {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
}

// Node has no mkfifo of its own.
function mkfifo(path: string): void {
  const result = spawnSync("mkfifo", [path]);
  if (result.status !== 0) throw new Error(`mkfifo ${path} failed: ${String(result.stderr)}`);
}
