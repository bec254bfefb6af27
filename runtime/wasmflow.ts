import { resolve } from "node:path";
import { WasmflowError } from "./errors/index.js";
import { resolveHome } from "./home.js";
import { Store } from "./store/index.js";
import { loadTaskDefinition, type RegistrationResult, TaskRegistry } from "./tasks/index.js";

export interface WasmflowOptions {
  /** Folder of the embedded store. @default WASMFLOW_HOME, else `.wasmflow/` in the working directory */
  readonly home?: string;
  /** Project root: module paths in definitions may not leave it. @default the working directory */
  readonly root?: string;
}

/**
 * One project's runtime: its store and its task registry.
 *
 * @example
 * const wf = Wasmflow.open();
 * await wf.addTasks(["tasks/word-count/word-count.task.json"]);
 * console.log(wf.tasks.get("word-count").moduleHash);
 * wf.close();
 */
export class Wasmflow {
  readonly home: string;
  readonly root: string;
  readonly store: Store;
  readonly tasks: TaskRegistry;

  private constructor(home: string, root: string, store: Store) {
    this.home = home;
    this.root = root;
    this.store = store;
    this.tasks = new TaskRegistry(store);
  }

  static open(options: WasmflowOptions = {}): Wasmflow {
    const home = resolveHome(options.home);
    const root = resolve(options.root ?? process.cwd());
    return new Wasmflow(home, root, Store.open({ home }));
  }

  /**
   * Registers task definition files all or nothing: every file is loaded and its module checked
   * first, and only if all pass are they stored, in one transaction.
   */
  async addTasks(files: readonly string[]): Promise<RegistrationResult[]> {
    const prepared = [];
    const failures: { file: string; error: WasmflowError }[] = [];
    for (const file of files) {
      try {
        prepared.push(await this.tasks.prepareLoaded(await loadTaskDefinition(file), this.root));
      } catch (error) {
        if (!(error instanceof WasmflowError)) throw error;
        failures.push({ file, error });
      }
    }
    if (failures.length === 1 && failures[0] !== undefined) throw failures[0].error;
    if (failures.length > 1) {
      const issues = failures.flatMap(({ file, error }) =>
        error.issues.length > 0
          ? error.issues.map((issue) => ({ ...issue, path: `${file}: ${issue.path}` }))
          : [{ code: error.code, path: file, message: error.message }],
      );
      throw new WasmflowError(
        "TASKS_INVALID",
        "invalid",
        `${failures.length} of ${files.length} task definitions were refused; nothing was registered`,
        {
          issues,
        },
      );
    }
    return this.tasks.commit(prepared);
  }

  close(): void {
    this.store.close();
  }
}
