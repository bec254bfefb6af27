import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { flowLimits } from "../../runtime/flows/definition/index.js";
import { definitionCaps, fileCaps, moduleCaps } from "../../runtime/tasks/index.js";
import { cli } from "../helpers/cli.js";
import {
  closeHostileSockets,
  definitionNaming,
  type ExpectedRefusal,
  type HostileKind,
  hostileFile,
  hostileKinds,
  refusals,
} from "../helpers/hostile-files.js";

/** Each way the CLI is handed a file, and how it reports a refused one. */
interface Role {
  readonly maxBytes: number;
  /** What the hostile file is called, for the commands that go by the name. */
  readonly name: string;
  readonly args: (path: string, dir: string) => string[];
  readonly refusal: (expected: ExpectedRefusal) => Record<string, unknown>;
  /** Commands that take folders search a directory for definitions: an empty one is a usage error. */
  readonly directory?: Record<string, unknown>;
}

const searchedFolder = { code: "USAGE", issues: [{ code: "NO_DEFINITIONS" }] };

const roles: Record<string, Role> = {
  "task inspect <module>": {
    maxBytes: moduleCaps.maxModuleBytes,
    name: "hostile.wasm",
    args: (path) => ["task", "inspect", path],
    refusal: refusals.ownError,
  },
  "task add, of a definition naming the module": {
    maxBytes: moduleCaps.maxModuleBytes,
    name: "hostile.wasm",
    args: (path, dir) => ["task", "add", definitionNaming(path, dir), "--root", "/"],
    refusal: refusals.moduleIssue,
  },
  "task run <definition> naming the module": {
    maxBytes: moduleCaps.maxModuleBytes,
    name: "hostile.wasm",
    args: (path, dir) => ["task", "run", definitionNaming(path, dir), "--input", '{"text": "a"}', "--root", "/"],
    refusal: refusals.moduleIssue,
  },
  "task add <task definition>": {
    maxBytes: definitionCaps.maxFileBytes,
    name: "hostile.task.json",
    args: (path) => ["task", "add", path],
    refusal: refusals.definitionIssue,
    directory: searchedFolder,
  },
  "flow add <flow file>": {
    maxBytes: flowLimits.maxFileBytes,
    name: "hostile.flow.json",
    args: (path) => ["flow", "add", path],
    refusal: refusals.definitionIssue,
    directory: searchedFolder,
  },
  "task run --input-file": {
    maxBytes: fileCaps.maxInputFileBytes,
    name: "input.json",
    args: (path) => ["task", "run", "word-count", "--input-file", path],
    refusal: refusals.ownError,
  },
  "flow run --input-file": {
    maxBytes: fileCaps.maxInputFileBytes,
    name: "input.json",
    args: (path) => ["flow", "run", "triage-text", "--input-file", path],
    refusal: refusals.ownError,
  },
};

const timeoutMs = 20_000;
const rows = Object.keys(roles).flatMap((role) => hostileKinds.map((kind) => [role, kind] as [string, HostileKind]));

afterAll(closeHostileSockets);

test.each(rows)(
  "%s refuses %s with its typed error and exit code 2, without waiting on it",
  async (roleName, kind) => {
    const role = roles[roleName] as Role;
    const dir = mkdtempSync(join(tmpdir(), "wf-hostile-"));
    const file = await hostileFile(kind, dir, role.name, role.maxBytes);
    const started = Date.now();
    const result = cli([...role.args(file.path, dir), "--json", "--home", join(dir, "home")], { timeoutMs });
    expect(result.signal, `killed after ${Date.now() - started} ms: the command waited on the file`).toBeNull();
    expect(result.code).toBe(2);
    const refusal =
      kind === "a directory" && role.directory !== undefined ? role.directory : role.refusal(file.expected);
    expect(result.json()).toMatchObject({ error: refusal });
  },
  timeoutMs + 10_000,
);
