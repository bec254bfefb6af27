import { UsageError } from "../../errors/index.js";
import { compileValueCodec, type ValueCodec } from "../../values/index.js";
import type { FlowDefinition } from "../definition/index.js";

const codecs = new WeakMap<FlowDefinition, ValueCodec>();

/** The codec of a flow's input type, compiled once per definition. */
export function inputCodec(definition: FlowDefinition): ValueCodec {
  let codec = codecs.get(definition);
  if (codec === undefined) {
    codec = compileValueCodec(definition.inputType);
    codecs.set(definition, codec);
  }
  return codec;
}

/** A run's input: the one given (JSON-shaped with `json`), or the flow's `initial` when none is. */
export function runInput(definition: FlowDefinition, input: unknown, format: "value" | "json"): unknown {
  if (input === undefined) {
    if (definition.initial === undefined) {
      throw new UsageError(`flow "${definition.name}" declares no initial input: give one`);
    }
    return inputCodec(definition).fromJson(definition.initial);
  }
  return format === "json" ? inputCodec(definition).fromJson(input) : input;
}
