import { FlowNotFoundError } from "../../errors/index.js";
import { FlowRecords, type FlowRow, StampedCache, type Store } from "../../store/index.js";
import { parseTaskReference, type TaskRegistry } from "../../tasks/index.js";
import { type FlowDefinition, parseFlowDefinition } from "../definition/index.js";
import type { FlowGraph } from "../graph/index.js";
import { validateFlow } from "../validate-flow.js";
import { storedFlowDefinition } from "./stored-definition.js";
import { registeredTaskTypes } from "./task-types.js";

/** One registered revision of a flow. */
export interface RegisteredFlow {
  readonly name: string;
  readonly revision: number;
  readonly version: string;
  readonly definition: FlowDefinition;
  /** sha256 of the stored definition text, hex. */
  readonly definitionHash: string;
  readonly createdAt: string;
}

export interface FlowRegistrationResult {
  readonly flow: RegisteredFlow;
  /** `unchanged` when the same definition was already the latest revision of this name. */
  readonly status: "created" | "unchanged";
  readonly graph: FlowGraph;
}

/**
 * Registered flows. A flow is added only after every static check passes against the tasks
 * registered now; each distinct definition under a name becomes its next revision (`name@N`).
 */
export class FlowRegistry {
  private readonly records: FlowRecords;
  private readonly latestByName: StampedCache<RegisteredFlow>;
  private readonly allNames: StampedCache<readonly string[]>;

  constructor(
    private readonly store: Store,
    private readonly tasks: TaskRegistry,
  ) {
    this.records = new FlowRecords(store);
    this.latestByName = new StampedCache(store, "flows");
    this.allNames = new StampedCache(store, "flows");
  }

  /** Checks `definition` (throwing one `DefinitionError` with every problem) and stores it. */
  add(definition: FlowDefinition, file?: string): FlowRegistrationResult {
    const graph = validateFlow(definition, registeredTaskTypes(this.tasks), file);
    const { text, hash } = storedFlowDefinition(definition);
    this.store.bump("flows");
    return this.store.write(() => {
      const latest = this.records.latest(definition.name);
      if (latest !== undefined && latest.definition_hash === hash) {
        return { flow: toFlow(latest), status: "unchanged" as const, graph };
      }
      const row: FlowRow = {
        name: definition.name,
        revision: this.records.nextRevision(definition.name),
        version: definition.version,
        definition: text,
        definition_hash: hash,
        created_at: new Date().toISOString(),
      };
      this.records.insert(row);
      return { flow: toFlow(row), status: "created" as const, graph };
    });
  }

  /** Resolves `name` (latest revision) or `name@N`. */
  get(reference: string): RegisteredFlow {
    const ref = parseTaskReference(reference);
    if (ref.revision === undefined) return this.latest(ref.name, reference);
    const row = this.records.revision(ref.name, ref.revision);
    if (row === undefined) throw this.notFound(reference);
    return toFlow(row);
  }

  /** Starting a run resolves its flow every time: answers are kept until the store's "flows" stamp changes. */
  private latest(name: string, reference: string): RegisteredFlow {
    return this.latestByName.get(name, () => {
      const row = this.records.latest(name);
      if (row === undefined) throw this.notFound(reference);
      return toFlow(row);
    });
  }

  /** The latest revision of every registered flow. */
  list(): RegisteredFlow[] {
    return this.records.listLatest().map(toFlow);
  }

  /** Removes every revision of `name`, or only `name@N`; runs keep their own copy. */
  remove(reference: string): number {
    const ref = parseTaskReference(reference);
    this.store.bump("flows");
    const removed = this.store.write(() => this.records.remove(ref.name, ref.revision, new Date().toISOString()));
    if (removed === 0) throw this.notFound(reference);
    return removed;
  }

  /** The name of every registered flow, sorted. */
  names(): readonly string[] {
    return this.allNames.get("", () => this.records.names());
  }

  private notFound(reference: string): FlowNotFoundError {
    return new FlowNotFoundError(reference, this.names());
  }
}

// A revision never changes once stored, so its parsed form can be kept: starting a run looks the
// flow up every time, and validating the definition costs far more than the query.
const parsedRevisions = new Map<string, RegisteredFlow>();
const maxParsedRevisions = 256;

function toFlow(row: FlowRow): RegisteredFlow {
  const key = `${row.name}@${row.revision}:${row.definition_hash}:${row.created_at}`;
  const known = parsedRevisions.get(key);
  if (known !== undefined) return known;
  const flow = parseRow(row);
  if (parsedRevisions.size >= maxParsedRevisions) parsedRevisions.clear();
  parsedRevisions.set(key, flow);
  return flow;
}

function parseRow(row: FlowRow): RegisteredFlow {
  return {
    name: row.name,
    revision: row.revision,
    version: row.version,
    definition: parseFlowDefinition(JSON.parse(row.definition)),
    definitionHash: row.definition_hash,
    createdAt: row.created_at,
  };
}
