import { ModuleParseError } from "../errors/index.js";
import { headerLength, headerProblem } from "./header.js";
import { parseModule, sectionName } from "./parse-module.js";
import { Reader } from "./reader.js";

/**
 * Above this size, bytes the engine rejected are not compiled again just to quote its message:
 * compiling can cost milliseconds per megabyte, and our own checks still say what they can.
 */
export const engineMessageMaxBytes = 1024 * 1024;

export interface Diagnosis {
  readonly message: string;
  readonly offset?: number;
}

/** Explains why the engine rejected `bytes`, as precisely as can be told cheaply. */
export function diagnoseInvalidModule(bytes: Uint8Array): Diagnosis {
  const header = headerProblem(bytes);
  if (header !== undefined) return { message: header, offset: 0 };
  return framingProblem(bytes) ?? engineProblem(bytes) ?? parserProblem(bytes) ?? { message: invalid };
}

const invalid = "not a valid WebAssembly module";

// Walks section headers only, so a cut-off file is reported as truncated wherever the cut falls.
function framingProblem(bytes: Uint8Array): Diagnosis | undefined {
  const r = new Reader(bytes, headerLength);
  try {
    while (r.pos < bytes.length) {
      const offset = r.pos;
      const id = r.u8("section id");
      if (r.pos === bytes.length) return { message: `truncated: the file ends inside a section header`, offset };
      const size = r.u32("section size");
      if (size > r.remaining) {
        const message = `truncated: ${sectionName(id)} section declares ${size} bytes but only ${r.remaining} remain`;
        return { message, offset };
      }
      r.pos += size;
    }
    return undefined;
  } catch (error) {
    if (!(error instanceof ModuleParseError)) return undefined;
    const offset = error.details.offset;
    const prefix = error.message.startsWith("unexpected end") ? "truncated: " : `${invalid}: `;
    return typeof offset === "number" ? { message: prefix + error.message, offset } : { message: error.message };
  }
}

const engineMessagePrefix = /^WebAssembly\.Module\(\): /;
const engineOffset = / @\+(\d+)$/;

function engineProblem(bytes: Uint8Array): Diagnosis | undefined {
  if (bytes.length > engineMessageMaxBytes) return undefined;
  try {
    new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
    return undefined;
  } catch (error) {
    if (!(error instanceof Error)) return undefined;
    const text = error.message.replace(engineMessagePrefix, "");
    const message = `${invalid}: ${text}`;
    const at = engineOffset.exec(text)?.[1];
    return at === undefined ? { message } : { message, offset: Number(at) };
  }
}

function parserProblem(bytes: Uint8Array): Diagnosis | undefined {
  try {
    parseModule(bytes);
    return undefined;
  } catch (error) {
    if (!(error instanceof ModuleParseError)) return undefined;
    const offset = error.details.offset;
    const message = `${invalid}: ${error.message}`;
    return typeof offset === "number" ? { message, offset } : { message };
  }
}
