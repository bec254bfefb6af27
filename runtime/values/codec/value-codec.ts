import type { ValueType } from "../value-type.js";
import { fromJsonAt } from "./check-value.js";
import { encodeInput } from "./encode-input.js";
import { invalidInputError } from "./invalid-input.js";
import { toJson } from "./json-mapping.js";
import { decodeOutput } from "./output-decoder.js";
import { compileTypeNode, type TypeNode } from "./type-node.js";

/**
 * A task's values compiled for the `sdk` ABI: its input encoded as the guest SDK reads it, its
 * output decoded strictly. Compile once per task; every method is then a tight, allocation-light
 * walk of the value.
 */
export interface ValueCodec {
  readonly inputType: ValueType;
  readonly outputType: ValueType;
  /**
   * Checks `value` against the input type and encodes it as MessagePack. Records must be plain
   * objects with exactly the declared keys (an absent or `undefined` option is none); s64/u64 take
   * a safe-integer number or a BigInt; bytes take a Uint8Array; strings may not hold lone surrogates.
   * Variants and results take `{ tag, val }` (no `val` for a case without payload), flags an object
   * of booleans (a flag left out is unset), tuples an array of their length, enums the case name,
   * chars a string of one code point.
   * Returns a copy that owns its ArrayBuffer (safe to transfer).
   * @throws TaskRunError `INPUT_INVALID` with every problem in `issues`, or
   *   `INPUT_TOO_LARGE` with `details.size` and `details.limit` when the encoding is over `maxBytes`.
   */
  encodeInput(value: unknown, maxBytes: number): Uint8Array;
  /**
   * `encodeInput` without the copy: a view of a buffer shared by every codec, valid only until
   * the next encode call. For a caller that copies the bytes at once (into shared memory, into a
   * message buffer); never keep, post or transfer the view itself. Allocating the copy is most of
   * the cost of encoding a small input.
   */
  encodeInputView(value: unknown, maxBytes: number): Uint8Array;
  /**
   * Decodes guest output of the output type. Integers come back as numbers, s64/u64 as BigInt
   * only past ±(2^53-1); bytes as a fresh Uint8Array; records as plain objects with every
   * declared field (null for an absent option) and nothing else; variants and results as
   * `{ tag, val }`, `val` only for a case with a payload (null for an option's none); flags with
   * every flag; tuples as arrays; enums and chars as strings.
   * @throws TaskRunError `OUTPUT_TOO_LARGE`, or `OUTPUT_INVALID` with `details` `{ path, expected, actual, offset }`.
   */
  decodeOutput(bytes: Uint8Array, maxBytes: number): unknown;
  /**
   * Converts JSON input (from a file or the command line) into what `encodeInput` takes: s64/u64 as
   * numbers or decimal strings, bytes as base64, floats also as "NaN", "Infinity", "-Infinity".
   * @throws TaskRunError `INPUT_INVALID` with every problem in `issues`.
   */
  fromJson(value: unknown): unknown;
  /** Converts a decoded output into JSON data, the inverse of `fromJson`: BigInt → decimal string, bytes → base64. */
  toJson(value: unknown): unknown;
}

class CompiledCodec implements ValueCodec {
  private readonly input: TypeNode;
  private readonly output: TypeNode;

  constructor(
    readonly inputType: ValueType,
    readonly outputType: ValueType,
  ) {
    this.input = compileTypeNode(inputType);
    this.output = outputType === inputType ? this.input : compileTypeNode(outputType);
  }

  encodeInput(value: unknown, maxBytes: number): Uint8Array {
    return encodeInput(this.input, value, maxBytes);
  }

  encodeInputView(value: unknown, maxBytes: number): Uint8Array {
    return encodeInput(this.input, value, maxBytes, true);
  }

  decodeOutput(bytes: Uint8Array, maxBytes: number): unknown {
    return decodeOutput(this.output, bytes, maxBytes);
  }

  fromJson(value: unknown): unknown {
    const converted = fromJsonAt(this.input, value, "input");
    if ("issues" in converted) throw invalidInputError(converted);
    return converted.value;
  }

  toJson(value: unknown): unknown {
    return toJson(this.output, value);
  }
}

const compiled = new WeakMap<ValueType, WeakMap<ValueType, ValueCodec>>();

/**
 * The codec of a task whose input is `inputType` and output `outputType` (the same type when only
 * one is given). Cached per pair of type objects, so calling it again for the same definition is free.
 * @example
 * const codec = compileValueCodec(parseValueType({ text: "string" }), parseValueType("u32"));
 * const bytes = codec.encodeInput({ text: "a b c" }, 1 << 20);
 */
export function compileValueCodec(inputType: ValueType, outputType: ValueType = inputType): ValueCodec {
  let byOutput = compiled.get(inputType);
  if (byOutput === undefined) {
    byOutput = new WeakMap();
    compiled.set(inputType, byOutput);
  }
  let codec = byOutput.get(outputType);
  if (codec === undefined) {
    codec = new CompiledCodec(inputType, outputType);
    byOutput.set(outputType, codec);
  }
  return codec;
}
