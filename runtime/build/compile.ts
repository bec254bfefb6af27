import { existsSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import type { APIOptions, DiagnosticMessage } from "assemblyscript/asc";
import { FileNotRegularError, FileTooLargeError, type Issue } from "../errors/index.js";
import { readBoundedText } from "../files/index.js";
import { fileCaps } from "../tasks/index.js";
import { diagnosticCategory, diagnosticIssue, SourceTexts } from "./diagnostics.js";

export type BuildTarget = "release" | "debug";

export interface CompileRequest {
  /** Project root: the compiler's base directory, where `asconfig.json` is looked up. */
  readonly root: string;
  /** Absolute path of the entry file. */
  readonly entry: string;
  readonly target: BuildTarget;
  /** Declared as the module's memory maximum, in 64 KiB pages. */
  readonly maximumMemory: number;
  /** Export the AssemblyScript runtime helpers (`__new`, `__pin`…) that @assemblyscript/loader needs. */
  readonly exportRuntime: boolean;
  /** Compile the core module of a component (see `componentFlags`) instead of a sandbox module. */
  readonly component?: ComponentCompile;
}

export interface ComponentCompile {
  /** The entry's function replacing `abort`, as the compiler names it: `tasks/x/index.entry.gen/__wasmflow_abort`. */
  readonly abortHandler: string;
}

export type CompileOutcome =
  | {
      readonly ok: true;
      readonly binary: Uint8Array;
      /** The compiler's source map of `binary`, as JSON text; undefined if it wrote none. */
      readonly sourceMap: string | undefined;
      readonly warnings: readonly Issue[];
    }
  | { readonly ok: false; readonly issues: readonly Issue[]; readonly warnings: readonly Issue[] };

const outFile = "module.wasm";
const mapFile = `${outFile}.map`;
const sourceCap = { maxBytes: fileCaps.maxSourceBytes, what: "AssemblyScript sources" };

// What asconfig.json at the repository root says, for projects that have none: the sdk ABI
// expects the stub runtime (one call per instance, nothing freed).
const fallbackConfig: Record<BuildTarget, readonly string[]> = {
  release: ["--runtime", "stub", "--optimizeLevel", "3", "--shrinkLevel", "0"],
  debug: ["--runtime", "stub", "--debug"],
};

type Asc = typeof import("assemblyscript/asc");
let loaded: Promise<Asc> | undefined;

// The compiler and Binaryen take about half a second to load: only builds pay for it.
function loadCompiler(): Promise<Asc> {
  loaded ??= import("assemblyscript/asc");
  return loaded;
}

/**
 * A component's core module owns its memory (exported, which wit-component requires) and imports
 * nothing: `abort` is the entry's own trapping function, not the host's. It uses the incremental
 * runtime: the glue frees each call's allocations in post-return and the collector frees the
 * rest, so an instance kept across calls (`instance: "reuse"`) stays at its size, where the stub
 * runtime, which frees nothing, grows by a page every few hundred calls. On a fresh instance per
 * call the two cost about the same: the component's bindings dominate (~1 ms a call either way,
 * as much as a hand-written core module's), and the incremental runtime adds ~3.5 KB.
 */
function componentFlags(component: ComponentCompile): string[] {
  return ["--runtime", "incremental", "--use", `abort=${component.abortHandler}`];
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Compiles one AssemblyScript entry to a module in memory; diagnostics come back as issues.
 * Compilations run one at a time: the compiler and Binaryen keep process-wide state, and the
 * work is CPU-bound, so overlapping them would gain nothing.
 */
export function compileAssemblyScript(request: CompileRequest): Promise<CompileOutcome> {
  const run = queue.then(() => compile(request));
  queue = run.catch(() => undefined);
  return run;
}

async function compile(request: CompileRequest): Promise<CompileOutcome> {
  const asc = await loadCompiler();
  const root = resolve(request.root);
  const texts = new SourceTexts(root);
  const entryShown = texts.display(request.entry);
  const hasConfig = existsSync(join(root, "asconfig.json"));
  const argv = [
    relative(root, request.entry).split(sep).join("/"),
    "--baseDir",
    root,
    "--outFile",
    outFile,
    "--target",
    request.target,
    ...(hasConfig ? ["--config", "asconfig.json"] : fallbackConfig[request.target]),
    "--maximumMemory",
    String(request.maximumMemory),
    // The sandbox gives each module one reused, zeroed memory instead of allocating one per call.
    ...(request.component === undefined ? ["--importMemory"] : componentFlags(request.component)),
    "--noColors",
    // Failures are mapped back to the task's lines through it (see build/source-map.ts).
    "--sourceMap",
    ...(request.exportRuntime ? ["--exportRuntime"] : []),
  ];

  const diagnostics: DiagnosticMessage[] = [];
  const refused: Issue[] = [];
  let binary: Uint8Array | undefined;
  let sourceMap: string | undefined;
  let log = "";
  const sink = {
    write: (chunk: Uint8Array | string) => {
      log += String(chunk);
    },
  };
  const options: APIOptions = {
    stdout: sink,
    stderr: sink,
    readFile: async (filename, baseDir) => {
      const path = resolve(baseDir, filename);
      try {
        const text = await readBoundedText(path, sourceCap);
        texts.remember(path, text);
        return text;
      } catch (error) {
        // The compiler tries several names for an import: null tells it this one is not there. A
        // file that is there but refused fails the build, or it would be reported as missing.
        if (error instanceof FileNotRegularError || error instanceof FileTooLargeError) {
          refused.push({ code: error.code, path: texts.display(path), message: error.message });
        }
        return null;
      }
    },
    writeFile: (filename, contents) => {
      if (filename === outFile && typeof contents !== "string") binary = contents;
      if (filename === mapFile && typeof contents === "string") sourceMap = contents;
    },
    listFiles: () => [],
    reportDiagnostic: (diagnostic) => void diagnostics.push(diagnostic),
  };
  const result = await asc.main(argv, options);

  const toIssue = (d: DiagnosticMessage) => diagnosticIssue(d, texts, entryShown, asc.libraryFiles);
  const warnings = diagnostics.filter((d) => d.category === diagnosticCategory.warning).map(toIssue);
  const errors = [...refused, ...diagnostics.filter((d) => d.category === diagnosticCategory.error).map(toIssue)];
  if (result.error !== null || binary === undefined || refused.length > 0) {
    if (errors.length === 0) {
      const detail = log.trim() === "" ? (result.error?.message ?? "the compiler wrote no module") : log.trim();
      errors.push({ code: "COMPILE_ERROR", path: entryShown, message: detail });
    }
    return { ok: false, issues: errors, warnings };
  }
  return { ok: true, binary, sourceMap, warnings };
}
