import { basename, extname, join, resolve } from "node:path";
import type { Issue } from "../../errors/index.js";
import type { EsbuildApi, EsbuildMessage, EsbuildResult } from "./build-tools.js";

export interface BundleRequest {
  readonly root: string;
  readonly source: string;
  readonly language: "javascript" | "typescript";
  readonly display: (path: string) => string;
}

export type BundleOutcome =
  | {
      readonly ok: true;
      /** The bundle's file name, as componentize-js's messages name it. */
      readonly fileName: string;
      readonly text: string;
      /** The bundle's source map (JSON), to put its messages' positions back into the task's files. */
      readonly sourceMap: string;
      readonly exports: readonly string[];
      readonly warnings: readonly Issue[];
    }
  | { readonly ok: false; readonly issues: readonly Issue[] };

/**
 * One ES module of the task and everything it imports, types stripped. componentize-js would
 * follow relative imports itself, but only inside the source's folder, not into packages, and
 * then the build cache would have to find every file the task reads; a bundle is one text to
 * hash. esbuild also names a syntax error's line, where componentize-js only counts errors, and
 * lists the bundle's exports, so a missing `run` is reported in milliseconds rather than after
 * an engine initialisation. Paths in the bundle's comments are relative to the root, so the same
 * project gives the same bundle (and cache key) wherever it is checked out.
 */
export async function bundleSource(esbuild: EsbuildApi, request: BundleRequest): Promise<BundleOutcome> {
  const fileName = `${basename(request.source, extname(request.source))}.js`;
  let result: EsbuildResult;
  try {
    result = await esbuild.build({
      entryPoints: [request.source],
      absWorkingDir: request.root,
      bundle: true,
      write: false,
      outfile: join(request.root, fileName),
      format: "esm",
      // The engine is SpiderMonkey without Node or browser APIs: nothing to pick a build for.
      platform: "neutral",
      mainFields: ["module", "main"],
      target: "esnext",
      charset: "utf8",
      sourcemap: "external",
      metafile: true,
      logLevel: "silent",
    });
  } catch (error) {
    const errors = (error as { errors?: readonly EsbuildMessage[] }).errors;
    if (errors === undefined || errors.length === 0) throw error;
    return { ok: false, issues: errors.map((message) => messageIssue(message, request, "COMPILE_ERROR")) };
  }
  const code = result.outputFiles?.find((file) => file.path.endsWith(".js"));
  const map = result.outputFiles?.find((file) => file.path.endsWith(".js.map"));
  const output = Object.entries(result.metafile?.outputs ?? {}).find(([path]) => path.endsWith(".js"))?.[1];
  if (code === undefined || map === undefined) throw new Error("esbuild returned no bundle");
  return {
    ok: true,
    fileName,
    // The bundle's last line names the map file, which is never written.
    text: code.text.replace(/\n\/\/# sourceMappingURL=\S+\n?$/, "\n"),
    sourceMap: map.text,
    exports: output?.exports ?? [],
    warnings: result.warnings.map((message) => messageIssue(message, request, "COMPILE_WARNING")),
  };
}

function messageIssue(
  message: EsbuildMessage,
  request: BundleRequest,
  code: "COMPILE_ERROR" | "COMPILE_WARNING",
): Issue {
  const location = message.location;
  if (location === null) return { code, path: request.display(request.source), message: message.text };
  const shown = request.display(resolve(request.root, location.file));
  return { code, path: `${shown}:${location.line}:${location.column + 1}`, message: message.text };
}
