import { createHash } from "node:crypto";
import type { FlowDefinition } from "../definition/index.js";

/**
 * What identifies a flow definition: everything but its `$schema` hint. Zod emits keys in schema
 * order and mapping fields in written order (which is meaningful), so the text is canonical.
 */
export function storedFlowDefinition(definition: FlowDefinition): { text: string; hash: string } {
  let stored = computed.get(definition);
  if (stored === undefined) {
    const { $schema: _schema, inputType: _input, ...rest } = definition;
    const text = JSON.stringify(rest);
    stored = { text, hash: createHash("sha256").update(text).digest("hex") };
    computed.set(definition, stored);
  }
  return stored;
}

// Definitions are not changed once parsed; every run of a registered flow shares one object.
const computed = new WeakMap<FlowDefinition, { text: string; hash: string }>();
