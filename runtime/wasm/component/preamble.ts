import { headerLength, headerProblem } from "../header.js";

const magic = [0x00, 0x61, 0x73, 0x6d] as const;
// A component's preamble: the core magic, then version 0x0d and layer 1.
const componentVersion = [0x0d, 0x00, 0x01, 0x00] as const;

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");
}

/** Says what is wrong with a component's preamble, or returns undefined when it is one. */
export function componentPreambleProblem(bytes: Uint8Array): string | undefined {
  const problem = headerProblem(bytes);
  if (problem === undefined) {
    return "this is a core WebAssembly module, not a component: wrap it with a WIT world (`componentNew`, `wasm-tools component new`)";
  }
  // The core header's checks say what is wrong with an empty, cut-off or non-wasm file.
  if (bytes.length < headerLength || !magic.every((b, i) => bytes[i] === b)) return problem;
  if (componentVersion.every((b, i) => bytes[4 + i] === b)) return undefined;
  return `wrong version: a component starts with 00 61 73 6d 0d 00 01 00, found ${hex(bytes.subarray(0, headerLength))}`;
}
