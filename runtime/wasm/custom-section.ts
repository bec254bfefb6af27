import { ModuleParseError, UsageError } from "../errors/index.js";
import { headerLength, headerProblem } from "./header.js";
import { uLebLength, writeULeb } from "./leb128-writer.js";
import { Reader } from "./reader.js";

const customSectionId = 0;
const maxSectionSize = 0xffff_ffff;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Returns a copy of a module with one custom section appended at its end. Custom sections may
 * appear anywhere and do not change what the module does, so the result validates whenever the
 * input did, and {@link inspectModule} lists the new section last.
 *
 * @throws ModuleParseError when `bytes` does not start with a core module header.
 * @throws UsageError when `name` is not well-formed Unicode (it could not round-trip as UTF-8)
 *   or the section would exceed 4 GiB.
 * @example
 * const tagged = appendCustomSection(bytes, "wasmflow.sdk", new TextEncoder().encode(json));
 */
export function appendCustomSection(bytes: Uint8Array, name: string, payload: Uint8Array): Uint8Array<ArrayBuffer> {
  const problem = headerProblem(bytes);
  if (problem !== undefined) throw new ModuleParseError(problem, { offset: 0, size: bytes.length });
  const nameBytes = encoder.encode(name);
  if (decoder.decode(nameBytes) !== name) {
    throw new UsageError(`custom section name ${JSON.stringify(name)} is not well-formed Unicode`);
  }
  const size = uLebLength(nameBytes.length) + nameBytes.length + payload.length;
  if (size > maxSectionSize) throw new UsageError(`custom section "${name}" would be larger than 4 GiB`);

  const out = new Uint8Array(bytes.length + 1 + uLebLength(size) + size);
  out.set(bytes, 0);
  let pos = bytes.length;
  out[pos++] = customSectionId;
  pos = writeULeb(out, pos, size);
  pos = writeULeb(out, pos, nameBytes.length);
  out.set(nameBytes, pos);
  out.set(payload, pos + nameBytes.length);
  return out;
}

/**
 * The module without its last section when that is a custom section named `name`; otherwise
 * `bytes` itself. Only a last section is taken off: nothing after it moves, so byte offsets into
 * the code — what source maps and stack traces count in — stay what they were.
 *
 * @throws ModuleParseError when `bytes` is not a core module or a section runs past its end.
 */
export function withoutLastCustomSection(bytes: Uint8Array, name: string): Uint8Array {
  const problem = headerProblem(bytes);
  if (problem !== undefined) throw new ModuleParseError(problem, { offset: 0, size: bytes.length });
  const r = new Reader(bytes, headerLength);
  let last = { start: bytes.length, custom: false, payloadStart: 0 };
  while (r.pos < bytes.length) {
    const start = r.pos;
    r.end = bytes.length;
    const id = r.u8("section id");
    const size = r.u32("section size");
    if (size > r.remaining) r.fail(`truncated: a section declares ${size} bytes but only ${r.remaining} remain`, start);
    last = { start, custom: id === customSectionId, payloadStart: r.pos };
    r.pos += size;
  }
  if (!last.custom) return bytes;
  const named = new Reader(bytes, last.payloadStart);
  return named.name("custom section name") === name ? bytes.subarray(0, last.start) : bytes;
}
