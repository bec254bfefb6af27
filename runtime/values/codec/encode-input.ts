import { TaskRunError } from "../../errors/index.js";
import { encodedSize } from "./encoded-size.js";
import { encodeValue, mismatch } from "./input-encoder.js";
import { collectIssues, IssueList } from "./input-issues.js";
import { invalidInputError } from "./invalid-input.js";
import { MsgpackWriter, overLimit } from "./msgpack-writer.js";
import type { TypeNode } from "./type-node.js";

// Made at the first encode, not at load: this module is also loaded where nothing is ever
// encoded (the dashboard checks values in a browser, which has no Buffer).
let shared: MsgpackWriter | undefined;

/**
 * Validates and encodes a task input; see `ValueCodec.encodeInput`. `borrow` returns a view of
 * the shared buffer instead of a copy (`ValueCodec.encodeInputView`).
 */
export function encodeInput(root: TypeNode, value: unknown, maxBytes: number, borrow = false): Uint8Array {
  // A getter inside the value could call back in here while the shared buffer is in use.
  shared ??= new MsgpackWriter();
  const writer = shared.busy ? new MsgpackWriter(256) : shared;
  writer.start(maxBytes);
  let stop: unknown;
  try {
    encodeValue(writer, root, value);
    return borrow ? writer.borrow() : writer.take();
  } catch (error) {
    if (error !== mismatch && error !== overLimit) throw error;
    stop = error;
  } finally {
    writer.finish();
  }
  throw inputError(root, value, maxBytes, stop === mismatch);
}

// Only reached once the fast path has stopped: an invalid value is reported as such even when it is
// also too large, and a valid one too large is measured without being written.
function inputError(root: TypeNode, value: unknown, maxBytes: number, mismatched: boolean): TaskRunError {
  const list = new IssueList();
  collectIssues(root, value, "input", list);
  // Both walks share their checks, so only a value whose getters answer differently each time gets here.
  if (list.issues.length === 0 && mismatched)
    list.add("UNSTABLE", "input", root.expected, "a value that changed while read");
  if (list.issues.length > 0) return invalidInputError(list);
  const size = encodedSize(root, value);
  return new TaskRunError("INPUT_TOO_LARGE", `input encodes to ${size} bytes, over the limit of ${maxBytes}`, {
    size,
    limit: maxBytes,
  });
}
