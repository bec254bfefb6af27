import { TaskRunError } from "../../../runtime/errors/index.js";
import type { RunnableTask } from "../../../runtime/sandbox/index.js";
import { parseTaskDefinition, type TaskDefinition } from "../../../runtime/tasks/index.js";
import { appendCustomSection } from "../../../runtime/wasm/index.js";
import { selfDescription } from "../../helpers/task-modules.js";
import { wat } from "../../helpers/wat.js";

export interface GuestOptions {
  /** Body of the entry `(param $ptr i32) (param $len i32) (result i32)`; default: return the descriptor at 16. */
  readonly entry?: string;
  /** Bytes the default entry returns as its output (placed at 1024, descriptor at 16). */
  readonly output?: Uint8Array;
  /** Extra module fields: functions, globals, a start function… */
  readonly extra?: string;
  readonly memory?: string;
  /** More imports, e.g. `(import "wasmflow" "log" (func $log (param i32 i32 i32)))`. */
  readonly imports?: string;
  readonly limits?: Record<string, unknown>;
}

let counter = 0;

/**
 * A hand-written sdk-ABI module (WAT) declaring `record{text: string}` → `record{words: u32}`,
 * whose entry does whatever a hostile case needs.
 */
export async function guestTask(options: GuestOptions = {}): Promise<RunnableTask> {
  const output = options.output ?? new Uint8Array([0x81, 0xa5, ...new TextEncoder().encode("words"), 0x07]);
  const data = [...output].map((b) => `\\${b.toString(16).padStart(2, "0")}`).join("");
  const source = `(module
    (import "env" "memory" (memory $mem ${options.memory ?? "1 16"}))
    (import "env" "abort" (func $abort (param i32 i32 i32 i32)))
    ${options.imports ?? ""}
    (export "memory" (memory $mem))
    (data (i32.const 16) "\\00\\04\\00\\00${le32(output.length)}")
    (data (i32.const 1024) "${data}")
    (global $secret (mut i32) (i32.const 0))
    (func (export "wasmflow_alloc") (param i32) (result i32) i32.const 8192)
    (func (export "run") (param $ptr i32) (param $len i32) (result i32) ${options.entry ?? "i32.const 16"})
    ${options.extra ?? ""})`;
  const bytes = appendCustomSection(
    await wat(source),
    "wasmflow.abi",
    selfDescription("record{text: string}", "record{words: u32}"),
  );
  counter += 1;
  const definition: TaskDefinition = parseTaskDefinition({
    name: `guest-${counter}`,
    abi: "sdk",
    module: "guest.wasm",
    input: { text: "string" },
    output: { words: "u32" },
    limits: { timeoutMs: 2000, maxMemoryPages: 16, ...options.limits },
  });
  const hash = `test-${counter}-${bytes.length}`;
  return { name: definition.name, definition, moduleHash: hash, moduleBytes: () => bytes };
}

function le32(n: number): string {
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff]
    .map((b) => `\\${b.toString(16).padStart(2, "0")}`)
    .join("");
}

/** How a call ended: "ok", or the code of the TaskRunError it failed with. */
export async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    if (error instanceof TaskRunError) return error.code;
    throw error;
  }
}
