import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, test } from "vitest";
import { flowLimits } from "../../runtime/flows/definition/index.js";
import { definitionCaps, fileCaps, moduleCaps } from "../../runtime/tasks/index.js";
import {
  closeHostileSockets,
  definitionNaming,
  type ExpectedRefusal,
  type HostileKind,
  hostileFile,
  hostileKinds,
  refusals,
} from "../helpers/hostile-files.js";

const child = fileURLToPath(new URL("../helpers/read-file-child.mjs", import.meta.url));

/** Each library entry point that reads a file, and how it reports a refused one. */
interface Entry {
  readonly maxBytes: number;
  /** What `read-file-child.mjs` is given: the hostile path itself, or a definition naming it. */
  readonly target: (path: string, dir: string) => string;
  readonly refusal: (expected: ExpectedRefusal) => Record<string, unknown>;
}

const itself = (path: string) => path;
const entries: Record<string, Entry> = {
  inspectModuleFile: { maxBytes: moduleCaps.maxModuleBytes, target: itself, refusal: refusals.ownError },
  addTasks: { maxBytes: moduleCaps.maxModuleBytes, target: definitionNaming, refusal: refusals.moduleIssue },
  runDefinition: { maxBytes: moduleCaps.maxModuleBytes, target: definitionNaming, refusal: refusals.moduleIssue },
  loadTaskDefinition: { maxBytes: definitionCaps.maxFileBytes, target: itself, refusal: refusals.definitionIssue },
  loadFlowDefinition: { maxBytes: flowLimits.maxFileBytes, target: itself, refusal: refusals.definitionIssue },
  readJsonInput: { maxBytes: fileCaps.maxInputFileBytes, target: itself, refusal: refusals.ownError },
};

const timeoutMs = 20_000;
const rows = Object.keys(entries).flatMap((entry) =>
  hostileKinds.map((kind) => [entry, kind] as [string, HostileKind]),
);

afterAll(closeHostileSockets);

test.each(rows)(
  "%s refuses %s with its typed error, without waiting on it",
  async (name, kind) => {
    const entry = entries[name] as Entry;
    const dir = mkdtempSync(join(tmpdir(), "wf-hostile-"));
    const file = await hostileFile(kind, dir, "hostile.json", entry.maxBytes);
    const result = spawnSync(process.execPath, [child, name, entry.target(file.path, dir), join(dir, "home")], {
      encoding: "utf8",
      timeout: timeoutMs,
    });
    expect(result.signal, "killed by the timeout: the call waited on the file").toBeNull();
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toMatchObject({ kind: "refused", error: entry.refusal(file.expected) });
  },
  timeoutMs + 10_000,
);
