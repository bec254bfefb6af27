import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import {
  ComponentTranspileError,
  embeddedCoreModules,
  transpiledComponent,
  useComponentCacheFolder,
} from "../components/index.js";
import {
  FileNotRegularError,
  FileTooLargeError,
  type Issue,
  ModulePathError,
  TaskNotFoundError,
  TaskValidationError,
} from "../errors/index.js";
import { readBoundedFile } from "../files/index.js";
import type { Store } from "../store/index.js";
import { StampedCache, TaskRecords, type TaskRow } from "../store/index.js";
import { imposeMemoryMaximum, inspectModule, type ModuleInfo } from "../wasm/index.js";
import { checkComponentTask } from "./check/check-component.js";
import { checkModule, moduleTooLarge } from "./check/check-module.js";
import { type ImposedMemoryMaximum, memoryMaximumToImpose } from "./check/memory-maximum-to-impose.js";
import { moduleCaps } from "./defaults.js";
import type { LoadedTaskDefinition } from "./load-definition.js";
import { resolveModulePath } from "./module-path.js";
import { parseTaskDefinition, type TaskDefinition } from "./task-definition.js";
import { parseTaskReference } from "./task-reference.js";

/** One registered revision of a task. */
export interface RegisteredTask {
  readonly name: string;
  readonly revision: number;
  readonly version: string;
  readonly abi: TaskDefinition["abi"];
  readonly definition: TaskDefinition;
  /** sha256 of the exact module bytes, hex. */
  readonly moduleHash: string;
  readonly moduleSize: number;
  readonly createdAt: string;
  /**
   * Present when the module defines its own memory with no maximum, or one over the task's
   * `limits.maxMemoryPages`: registration wrote the limit into the stored module as its maximum.
   */
  readonly memoryMaximumImposed?: ImposedMemoryMaximum;
}

/** A definition and module that passed every check, ready to be stored. */
export interface PreparedRegistration {
  readonly definition: TaskDefinition;
  /** The module as it is stored and run: with a memory maximum imposed, when one was. */
  readonly bytes: Uint8Array;
  readonly moduleHash: string;
  readonly stored: string;
  readonly definitionHash: string;
  readonly memoryMaximumImposed?: ImposedMemoryMaximum;
}

export interface RegistrationResult {
  readonly task: RegisteredTask;
  /** `unchanged` when the same definition and bytes were already registered under this name. */
  readonly status: "created" | "unchanged";
}

/**
 * The content-addressed task registry. Modules are stored once per sha256; each distinct
 * (definition, module) pair registered under a name becomes the next revision of that name.
 */
export class TaskRegistry {
  private readonly records: TaskRecords;
  private readonly latestByName: StampedCache<RegisteredTask>;
  private readonly allNames: StampedCache<readonly string[]>;

  constructor(private readonly store: Store) {
    this.records = new TaskRecords(store);
    this.latestByName = new StampedCache(store, "tasks");
    this.allNames = new StampedCache(store, "tasks");
    // Transpiled components are kept beside the database: derived, rebuilt whenever missing.
    if (store.path !== ":memory:") useComponentCacheFolder(join(dirname(store.path), "cache", "components"));
  }

  /** Loads the module a definition points at (never outside `root`), inspects and checks it. */
  async prepareLoaded(loaded: LoadedTaskDefinition, root: string): Promise<PreparedRegistration> {
    const path = await resolveModulePath(loaded.dir, loaded.definition.module, root);
    const bytes = await readModule(path, loaded.definition, root);
    return this.prepareAsync(loaded.definition, bytes);
  }

  /**
   * `prepare`, and for a component also its transpile (cached: see `transpiledComponent`), so a
   * component jco cannot turn into bindings is refused here rather than on its first call.
   * `prepare` alone leaves the transpile to the first call.
   */
  async prepareAsync(definition: TaskDefinition, bytes: Uint8Array): Promise<PreparedRegistration> {
    const prepared = this.prepare(definition, bytes);
    if (definition.abi !== "component") return prepared;
    try {
      await transpiledComponent(prepared.moduleHash, () => prepared.bytes);
    } catch (error) {
      if (!(error instanceof ComponentTranspileError)) throw error;
      throw new TaskValidationError(definition.name, [
        { code: "COMPONENT_TRANSPILE_FAILED", path: "module", message: error.message },
      ]);
    }
    return prepared;
  }

  /**
   * Inspects and checks `bytes` against `definition`, refusing with every problem at once. Stores
   * nothing. A module whose own memory declares no maximum, or one over the task's limit, comes
   * back with the limit imposed as its maximum: those are the bytes stored, hashed and run.
   */
  prepare(definition: TaskDefinition, bytes: Uint8Array): PreparedRegistration {
    if (definition.abi === "component") return this.prepareComponent(definition, bytes);
    const info = inspectModule(bytes, { maxModuleBytes: moduleCaps.maxModuleBytes });
    const issues = checkModule(definition, info);
    if (issues.length > 0) throw new TaskValidationError(definition.name, issues);
    const stored = storedDefinition(definition);
    const definitionHash = sha256(Buffer.from(stored));
    const imposed = memoryMaximumToImpose(info, definition.limits.maxMemoryPages);
    if (imposed === undefined) return { definition, bytes, moduleHash: sha256(bytes), stored, definitionHash };
    const bounded = imposeMemoryMaximum(bytes, imposed.pages).bytes;
    return {
      definition,
      bytes: bounded,
      moduleHash: sha256(bounded),
      stored,
      definitionHash,
      memoryMaximumImposed: imposed,
    };
  }

  /**
   * A component is stored as it is: the memory maxima its core modules get are imposed on them
   * when they are compiled, from the task's limits.
   */
  private prepareComponent(definition: TaskDefinition, bytes: Uint8Array): PreparedRegistration {
    const { issues } = checkComponentTask(definition, bytes);
    if (issues.length > 0) throw new TaskValidationError(definition.name, issues);
    const stored = storedDefinition(definition);
    return { definition, bytes, moduleHash: sha256(bytes), stored, definitionHash: sha256(Buffer.from(stored)) };
  }

  /** Stores prepared registrations in one transaction: all of them or, on error, none. */
  commit(prepared: readonly PreparedRegistration[]): RegistrationResult[] {
    this.store.bump("tasks");
    return this.store.write(() => prepared.map((p) => this.commitOne(p)));
  }

  /** Checks and stores one module under one definition. */
  register(definition: TaskDefinition, bytes: Uint8Array): RegistrationResult {
    return this.commitSingle(this.prepare(definition, bytes));
  }

  /** `register` with a component's transpile checked first (`prepareAsync`): what a server uses. */
  async registerChecked(definition: TaskDefinition, bytes: Uint8Array): Promise<RegistrationResult> {
    return this.commitSingle(await this.prepareAsync(definition, bytes));
  }

  private commitSingle(prepared: PreparedRegistration): RegistrationResult {
    const [result] = this.commit([prepared]);
    if (result === undefined) throw new Error("unreachable: commit returned no result");
    return result;
  }

  private commitOne(p: PreparedRegistration): RegistrationResult {
    const memory = {
      memory_imposed_pages: p.memoryMaximumImposed?.pages ?? null,
      memory_declared_pages: p.memoryMaximumImposed?.declared ?? null,
    };
    const existing = this.records.findIdentical(p.definition.name, p.definitionHash, p.moduleHash, memory);
    if (existing !== undefined) return { task: toTask(existing), status: "unchanged" };
    const now = new Date().toISOString();
    this.records.putModule(p.moduleHash, p.bytes, now);
    const row = {
      name: p.definition.name,
      revision: this.records.nextRevision(p.definition.name),
      version: p.definition.version,
      abi: p.definition.abi,
      definition: p.stored,
      definition_hash: p.definitionHash,
      module_hash: p.moduleHash,
      created_at: now,
      ...memory,
    };
    this.records.insertTask(row);
    return { task: toTask({ ...row, size: p.bytes.byteLength }), status: "created" };
  }

  /** The latest revision of every registered task. */
  list(): RegisteredTask[] {
    return this.records.listLatest().map(toTask);
  }

  /** Resolves `name` (latest revision) or `name@N`. */
  get(reference: string): RegisteredTask {
    // A bare name is looked up as it is: the reference is parsed (and checked) only when the
    // cache does not hold it, not on every call.
    if (!reference.includes("@")) return this.latest(reference);
    const ref = parseTaskReference(reference);
    if (ref.revision === undefined) return this.latest(ref.name);
    const row = this.records.revision(ref.name, ref.revision);
    if (row === undefined) throw this.notFound(reference);
    return toTask(row);
  }

  /**
   * The latest revision of `name`. Running a task resolves it on every call, so answers are kept
   * until the store's "tasks" stamp changes (see `Store.changeStamp`).
   */
  private latest(name: string): RegisteredTask {
    return this.latestByName.get(name, () => {
      parseTaskReference(name);
      const row = this.records.latest(name);
      if (row === undefined) throw this.notFound(name);
      return toTask(row);
    });
  }

  /** `name@N` even if removed since: a flow run stays pinned to the revisions it started with. */
  pinned(name: string, revision: number): RegisteredTask {
    const row = this.records.pinnedRevision(name, revision);
    if (row === undefined) throw new TaskNotFoundError(`${name}@${revision}`);
    return toTask(row);
  }

  revisions(name: string): RegisteredTask[] {
    return this.records.revisions(name).map(toTask);
  }

  moduleBytes(task: RegisteredTask): Uint8Array {
    const bytes = this.records.moduleBytes(task.moduleHash);
    if (bytes === undefined) throw new TaskNotFoundError(`${task.name}@${task.revision} (module ${task.moduleHash})`);
    return bytes;
  }

  /**
   * Inspects the stored module of a registered task; for a component, its first core module (the
   * one wit-component builds from the task's code, holding its memory).
   */
  inspect(reference: string): ModuleInfo {
    const task = this.get(reference);
    const bytes = this.moduleBytes(task);
    if (task.abi !== "component") return inspectModule(bytes);
    const main = embeddedCoreModules(bytes)[0];
    if (main === undefined) throw new TaskNotFoundError(`${task.name}@${task.revision} (no core module)`);
    return inspectModule(main.bytes);
  }

  /** Removes every revision of `name`, or only `name@N`; returns how many revisions were removed. */
  remove(reference: string): number {
    const ref = parseTaskReference(reference);
    this.store.bump("tasks");
    const removed = this.store.write(() => this.records.remove(ref.name, ref.revision, new Date().toISOString()));
    if (removed === 0) throw this.notFound(reference);
    return removed;
  }

  /** The name of every registered task, sorted. */
  names(): readonly string[] {
    return this.allNames.get("", () => this.records.names());
  }

  private notFound(reference: string): TaskNotFoundError {
    return new TaskNotFoundError(reference, this.names());
  }
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * What identifies a definition: everything but where its files happened to be. Zod emits keys in
 * schema order and record fields in declaration order (which is meaningful), so the JSON text is
 * already canonical.
 */
function storedDefinition(definition: TaskDefinition): string {
  const { $schema: _schema, module: _module, source: _source, inputType: _in, outputType: _out, ...rest } = definition;
  return JSON.stringify(rest);
}

// A revision never changes once stored, so its parsed form can be kept: running a task looks it
// up on every call, and parsing the definition costs far more than the query.
const parsedRevisions = new Map<string, RegisteredTask>();
const maxParsedRevisions = 1024;

function toTask(row: TaskRow): RegisteredTask {
  const key = `${row.name}@${row.revision}:${row.definition_hash}:${row.module_hash}:${row.created_at}`;
  const known = parsedRevisions.get(key);
  if (known !== undefined) return known;
  const task = parseRow(row);
  if (parsedRevisions.size >= maxParsedRevisions) parsedRevisions.clear();
  parsedRevisions.set(key, task);
  return task;
}

function parseRow(row: TaskRow): RegisteredTask {
  const definition = parseTaskDefinition({ ...JSON.parse(row.definition), module: "(registry)" });
  const task = {
    name: row.name,
    revision: row.revision,
    version: row.version,
    abi: definition.abi,
    definition,
    moduleHash: row.module_hash,
    moduleSize: row.size,
    createdAt: row.created_at,
  };
  return row.memory_imposed_pages === null
    ? task
    : { ...task, memoryMaximumImposed: { pages: row.memory_imposed_pages, declared: row.memory_declared_pages } };
}

/**
 * Reads a definition's module, refusing (as issues of the definition) anything but a regular file
 * and a file over the module cap before it is read.
 */
async function readModule(path: string, definition: TaskDefinition, root: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readBoundedFile(path, { maxBytes: moduleCaps.maxModuleBytes, what: "modules" }));
  } catch (error) {
    if (error instanceof FileTooLargeError) {
      throw new TaskValidationError(definition.name, [moduleTooLarge(definition.name, error.size)]);
    }
    if (error instanceof FileNotRegularError) {
      throw new TaskValidationError(definition.name, [moduleNotRegular(definition.name, error)]);
    }
    throw new ModulePathError(
      `cannot read module "${definition.module}": ${error instanceof Error ? error.message : String(error)}`,
      { module: definition.module, root },
    );
  }
}

function moduleNotRegular(task: string, error: FileNotRegularError): Issue {
  return {
    code: "FILE_NOT_REGULAR",
    path: "module",
    expected: "a regular file",
    actual: error.kind,
    message: `task "${task}": module ${error.path} is a ${error.kind}, not a regular file`,
  };
}
