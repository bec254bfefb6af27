import type { Issue } from "../errors/index.js";
import type { BuildTarget } from "./compile.js";

export interface BuildOptions {
  /** Project root: holds `tasks/` and (optionally) `asconfig.json`. */
  readonly root: string;
  /** Build only the tasks with these names (and the tasks sharing their source). Default: all. */
  readonly names?: readonly string[];
  /**
   * Build the definitions in these files too (paths relative to the root, or absolute), wherever
   * they are; with `names`, both are built. Given alone, only they (and their source's other
   * definitions) are built.
   */
  readonly definitions?: readonly string[];
  /** Folder of the project's tasks, relative to the root. @default "tasks" */
  readonly tasksDir?: string;
  /** Which `asconfig.json` target to compile with. @default "release" */
  readonly target?: BuildTarget;
  /** Called as each module starts, finishes, fails or is skipped, for progress output. */
  readonly onEvent?: (event: BuildEvent) => void;
}

/**
 * Progress of a build, one module at a time. `tasks` names every definition the module serves
 * (several `plain` definitions may share one source); paths are relative to the root.
 */
export type BuildEvent =
  | { readonly type: "started"; readonly tasks: readonly string[]; readonly source: string; readonly module: string }
  | {
      readonly type: "finished";
      readonly tasks: readonly string[];
      readonly source: string;
      readonly module: string;
      readonly ms: number;
      readonly bytes: number;
      readonly warnings: readonly Issue[];
    }
  | {
      readonly type: "failed";
      readonly tasks: readonly string[];
      readonly source: string;
      readonly ms: number;
      readonly issues: readonly Issue[];
    }
  | { readonly type: "skipped"; readonly tasks: readonly string[]; readonly reason: string };

export interface BuiltModule {
  readonly tasks: readonly string[];
  /** Absolute path of the AssemblyScript source. */
  readonly source: string;
  /** Absolute path of the written `.wasm`. */
  readonly module: string;
  readonly bytes: number;
  readonly ms: number;
  /** Absolute paths of the generated `.gen.ts` files (sdk tasks). */
  readonly generated: readonly string[];
  readonly warnings: readonly Issue[];
}

/** What a build produced when every selected module compiled; otherwise `buildTasks` throws a `BuildError`. */
export interface BuildResult {
  readonly modules: readonly BuiltModule[];
  /** Tasks without a `source`: their modules are precompiled and left alone. */
  readonly skipped: readonly string[];
  readonly ms: number;
}
