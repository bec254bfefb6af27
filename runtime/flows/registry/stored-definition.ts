import { createHash } from "node:crypto";
import type { FlowDefinition } from "../definition/index.js";

/**
 * What identifies a flow definition: everything but its `$schema` hint. Zod emits keys in schema
 * order and mapping fields in written order (which is meaningful), so the text is canonical.
 */
export function storedFlowDefinition(definition: FlowDefinition): { text: string; hash: string } {
  const { $schema: _schema, inputType: _input, ...rest } = definition;
  const text = JSON.stringify(rest);
  return { text, hash: createHash("sha256").update(text).digest("hex") };
}
