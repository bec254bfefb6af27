import { readDefinitionJson } from "../../tasks/index.js";
import { flowLimits } from "./limits.js";
import { type FlowDefinition, parseFlowDefinition } from "./parse-flow.js";

export interface LoadedFlowDefinition {
  /** Absolute path of the definition file. */
  readonly file: string;
  /** Folder of the definition file. */
  readonly dir: string;
  readonly definition: FlowDefinition;
  /** The file's JSON as read, before parsing: what a server is sent to register it. */
  readonly json: unknown;
}

/** Reads, parses and validates a flow definition file; every failure is a `DefinitionError`. */
export async function loadFlowDefinition(file: string): Promise<LoadedFlowDefinition> {
  const read = await readDefinitionJson(file, "flow definition", flowLimits.maxFileBytes);
  return { file: read.file, dir: read.dir, definition: parseFlowDefinition(read.json, file), json: read.json };
}
