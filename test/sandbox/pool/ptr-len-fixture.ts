import type { RunnableTask } from "../../../runtime/sandbox/index.js";
import { parseTaskDefinition } from "../../../runtime/tasks/index.js";
import { imposeMemoryMaximum } from "../../../runtime/wasm/index.js";
import { wat } from "../../helpers/wat.js";
import { watFixture } from "../../wasm/fixtures.js";

let counter = 0;

/** A ptr-len task over `bytes`, run straight from its definition (no registration). */
export function ptrLenTask(
  bytes: Uint8Array,
  entry: string,
  types: { readonly input?: "string" | "bytes"; readonly output?: "string" | "bytes" } = {},
  limits: Record<string, unknown> = {},
): RunnableTask {
  counter += 1;
  const definition = parseTaskDefinition({
    name: `ptr-len-${counter}`,
    abi: "ptr-len",
    module: "task.wasm",
    export: entry,
    input: types.input ?? "string",
    output: types.output ?? "string",
    limits: { timeoutMs: 5000, maxMemoryPages: 16, ...limits },
  });
  return {
    name: definition.name,
    definition,
    moduleHash: `ptr-len-${counter}-${bytes.length}`,
    moduleBytes: () => bytes,
  };
}

/** test/fixtures/wat/c-like.wat as registration stores it: its own memory, with `maxPages` imposed as its maximum. */
export async function boundedCLike(maxPages = 16): Promise<Uint8Array> {
  return imposeMemoryMaximum(await watFixture("c-like.wat"), maxPages).bytes;
}

/**
 * A ptr-len module (one page of its own memory, at most two) whose `alloc` and entry bodies are
 * given: what a hostile guest answers.
 */
export function hostilePtrLen(alloc: string, entry: string): Promise<Uint8Array> {
  return wat(`(module
    (memory (export "memory") 1 2)
    (func (export "alloc") (param $len i32) (result i32) ${alloc})
    (func (export "run") (param $ptr i32) (param $len i32) (result i64) ${entry}))`);
}
