import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { appendCustomSection } from "../../runtime/wasm/index.js";
import { childOutput } from "./child-output.js";
import { selfDescription } from "./task-modules.js";
import { wat } from "./wat.js";

const corpusDir = fileURLToPath(new URL("../fixtures/hostile/", import.meta.url));
const childScript = fileURLToPath(new URL("./hostile-child.mjs", import.meta.url));
const compiledRuntime = fileURLToPath(new URL("../../dist/runtime/index.js", import.meta.url));

/** What a corpus file's first line says must happen to it. */
export type HostileExpectation =
  | { readonly kind: "refused"; readonly code: string }
  | { readonly kind: "error"; readonly code: string; readonly trap?: string }
  | { readonly kind: "output" };

export interface HostileCase {
  readonly name: string;
  readonly attack: string;
  readonly expect: HostileExpectation;
  readonly source: string;
}

const expectation =
  /^;; (.+): (?:refused at registration with ([A-Z0-9_]+)|runs and gets ([A-Z_]+)(?: ([a-z_]+))?|(runs and returns its output))$/;

function parseExpectation(file: string, line: string): { attack: string; expect: HostileExpectation } {
  const match = expectation.exec(line);
  if (match === null) throw new Error(`${file}: the first line does not say what must happen: ${line}`);
  const [, attack = "", refused, error, trap] = match;
  if (refused !== undefined) return { attack, expect: { kind: "refused", code: refused } };
  if (error !== undefined) {
    return {
      attack,
      expect: trap === undefined ? { kind: "error", code: error } : { kind: "error", code: error, trap },
    };
  }
  return { attack, expect: { kind: "output" } };
}

/** Every `test/fixtures/hostile/*.wat`, with what its first line says must happen. */
export function hostileCorpus(): HostileCase[] {
  return readdirSync(corpusDir)
    .filter((file) => file.endsWith(".wat"))
    .sort()
    .map((file) => {
      const source = readFileSync(join(corpusDir, file), "utf8");
      const first = source.slice(0, source.indexOf("\n"));
      return { name: basename(file, ".wat"), ...parseExpectation(file, first), source };
    });
}

const repeatMarker = /^(.*?)\s*;; repeat (\d+)\s*$/;

/**
 * Sizes that matter here run to hundreds of thousands of entries, too many to keep as text: a
 * line ending in `;; repeat N` stands for N copies of itself, `{i}` in it numbering the copy.
 */
export function expandRepeats(source: string): string {
  return source
    .split("\n")
    .map((line) => {
      const match = repeatMarker.exec(line);
      if (match === null) return line;
      const [, body = "", count = "0"] = match;
      return Array.from({ length: Number(count) }, (_, i) => body.replaceAll("{i}", String(i))).join("\n");
    })
    .join("\n");
}

/** The corpus file's module as `wasmflow build` would leave it: the sdk self-description appended. */
export async function hostileModule(entry: HostileCase): Promise<Uint8Array> {
  const bytes = await wat(expandRepeats(entry.source), `${entry.name}.wat`);
  return appendCustomSection(bytes, "wasmflow.abi", selfDescription("record{text: string}", "record{words: u32}"));
}

export interface ChildOptions {
  readonly workerHeapMb?: number;
  readonly timeoutMs?: number;
  /** Register instead of running, and print the verdict. */
  readonly register?: boolean;
  /** Flags for the child's `node`, e.g. `--experimental-wasm-gc`. */
  readonly nodeFlags?: readonly string[];
}

export interface ChildResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** The JSON line the child printed, when it printed one. */
  readonly line: Record<string, unknown> | undefined;
  readonly stderr: string;
}

let scratch: string | undefined;

/** Runs `bytes` in `hostile-child.mjs` on the compiled runtime, in a process of its own. */
export function runInChild(name: string, bytes: Uint8Array, options: ChildOptions = {}): Promise<ChildResult> {
  if (!existsSync(compiledRuntime)) throw new Error(`${compiledRuntime} is missing: run \`npm run build\` first`);
  scratch ??= mkdtempSync(join(tmpdir(), "wf-hostile-"));
  const path = join(scratch, `${name}.wasm`);
  writeFileSync(path, bytes);
  const { nodeFlags = [], ...config } = options;
  const child = spawn(process.execPath, [...nodeFlags, childScript, path, JSON.stringify(config)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  return childOutput(child).then(({ code, signal, stdout, stderr }) => {
    const text = stdout.trim();
    const line = text === "" ? undefined : (JSON.parse(text.split("\n")[0] as string) as Record<string, unknown>);
    return { code, signal, line, stderr };
  });
}
