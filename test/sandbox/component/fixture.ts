import { createHash } from "node:crypto";
import type { RunnableTask } from "../../../runtime/sandbox/index.js";
import { parseTaskDefinition } from "../../../runtime/tasks/index.js";
import { componentOfWat } from "../../helpers/components.js";

/**
 * A component whose core module implements the canonical ABI by hand, for the calls the sandbox
 * must get right: an identity over a record of every kind of value (its flattened parameters pass
 * by pointer, in the very layout its result is read from, so returning the pointer returns the
 * value), a string echo through an interface, a trap, an endless loop, a memory bomb, a counter
 * kept in a global, and a function that returns a `result`.
 */
export const callsWit = `package wasmflow:task@0.1.0;

interface run {
  run: func(input: string) -> string;
}

world calls {
  enum color { red, light-blue }
  flags perms { read, write, can-exec }
  variant shape { circle(f64), rect(tuple<f64, f64>), none }
  record everything {
    name: string,
    data: list<u8>,
    tags: list<string>,
    big: u64,
    small: s32,
    ratio: f64,
    letter: char,
    maybe: option<u32>,
    nested: option<option<u32>>,
    shape: shape,
    outcome: result<u32, string>,
    pair: tuple<s64, bool>,
    color: color,
    perms: perms,
    word-count: u32,
  }

  export run;
  export echo-all: func(x: everything) -> everything;
  export boom: func(n: u32) -> u32;
  export spin: func(n: u32) -> u32;
  export bomb: func(n: u32) -> u32;
  export count: func(n: u32) -> u32;
  export check: func(n: u32) -> result<u32, string>;
  export add: func(a: u64, b: u64) -> u64;
}
`;

export const everythingType =
  "record{name: string, data: bytes, tags: list<string>, big: u64, small: s32, ratio: f64, letter: char, maybe: option<u32>, nested: option<option<u32>>, shape: variant{circle(f64), rect(tuple<f64, f64>), none}, outcome: result<u32, string>, pair: tuple<s64, bool>, color: enum{red, light-blue}, perms: flags{read, write, can-exec}, word_count: u32}";

export const callsWat = `(module
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 1024))
  (global $counter (mut i32) (i32.const 0))
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
    (local $p i32)
    (local.set $p (i32.and (i32.add (global.get $heap) (i32.const 7)) (i32.const -8)))
    (global.set $heap (i32.add (local.get $p) (local.get 3)))
    (if (i32.gt_u (global.get $heap) (i32.mul (memory.size) (i32.const 65536)))
      (then
        (drop (memory.grow
          (i32.add
            (i32.shr_u (i32.sub (global.get $heap) (i32.mul (memory.size) (i32.const 65536))) (i32.const 16))
            (i32.const 1))))))
    (local.get $p))
  (func (export "wasmflow:task/run@0.1.0#run") (param i32 i32) (result i32)
    (i32.store (i32.const 16) (local.get 0))
    (i32.store (i32.const 20) (local.get 1))
    (i32.const 16))
  (func (export "echo-all") (param i32) (result i32) (local.get 0))
  (func (export "boom") (param i32) (result i32) unreachable)
  (func (export "spin") (param i32) (result i32) (loop $forever (br $forever)) (i32.const 0))
  (func (export "bomb") (param i32) (result i32)
    (block $full (loop $grow (br_if $full (i32.eq (memory.grow (i32.const 1)) (i32.const -1))) (br $grow)))
    (i32.store (i32.const 0x7ffffff0) (i32.const 1))
    (i32.const 0))
  (func (export "count") (param i32) (result i32)
    (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
    (global.get $counter))
  (func (export "check") (param i32) (result i32)
    (if (i32.and (local.get 0) (i32.const 1))
      (then
        (i32.store8 (i32.const 64) (i32.const 1))
        (i32.store8 (i32.const 100) (i32.const 111))
        (i32.store8 (i32.const 101) (i32.const 100))
        (i32.store8 (i32.const 102) (i32.const 100))
        (i32.store (i32.const 68) (i32.const 100))
        (i32.store (i32.const 72) (i32.const 3)))
      (else
        (i32.store8 (i32.const 64) (i32.const 0))
        (i32.store (i32.const 68) (local.get 0))))
    (i32.const 64))
  (func (export "add") (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1)))
)`;

let built: Promise<Uint8Array> | undefined;

/** The component of `callsWit`, built once per test file. */
export function callsComponent(): Promise<Uint8Array> {
  built ??= componentOfWat(callsWat, callsWit, "calls");
  return built;
}

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** A runnable component task of `callsComponent()`. */
export async function componentTask(
  name: string,
  fields: { export: string; input: unknown; output: unknown; limits?: Record<string, number> },
): Promise<RunnableTask> {
  const bytes = await callsComponent();
  const definition = parseTaskDefinition({
    name,
    abi: "component",
    module: "calls.wasm",
    export: fields.export,
    input: fields.input,
    output: fields.output,
    ...(fields.limits === undefined ? {} : { limits: fields.limits }),
  });
  return { name, revision: 1, definition, moduleHash: sha256(bytes), moduleBytes: () => bytes };
}
