import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Packr } from "msgpackr";
import { expect } from "vitest";
import type { TaskRunError, TaskRunErrorCode } from "../../../runtime/errors/index.js";
import {
  type CallOutcome,
  type MemoryLimits,
  type PreparedModule,
  prepareModule,
} from "../../../runtime/sandbox/instance/index.js";
import { inspectModule } from "../../../runtime/wasm/index.js";
import { wat } from "../../helpers/wat.js";

/** MessagePack as the host speaks it: plain maps, 64-bit integers as BigInt. */
export const packr = new Packr({ useRecords: false, int64AsType: "bigint" });

const root = fileURLToPath(new URL("../../..", import.meta.url));
let sequence = 0;

/** A module's `env.memory` limits, read from its bytes the way registration reads them. */
export function importedMemoryLimits(bytes: Uint8Array): MemoryLimits | null {
  const entry = inspectModule(bytes).imports.find((i) => i.kind === "memory");
  if (entry?.kind !== "memory") return null;
  return entry.type.maximum === undefined
    ? { initial: entry.type.initial }
    : { initial: entry.type.initial, maximum: entry.type.maximum };
}

/** Compiles bytes of any buffer kind (wabt's and asc's outputs are typed loosely). */
export function compile(bytes: Uint8Array): WebAssembly.Module {
  return new WebAssembly.Module(new Uint8Array(bytes));
}

export function prepareBytes(bytes: Uint8Array, hash = `module-${++sequence}`): PreparedModule {
  return prepareModule({ hash, module: compile(bytes), memory: importedMemoryLimits(bytes) });
}

/** A prepared module from WebAssembly text. */
export async function prepareWat(source: string): Promise<PreparedModule> {
  return prepareBytes(await wat(source));
}

/** An example task module, built by the global setup into build/tasks/. */
export function builtTask(name: string): PreparedModule {
  return prepareBytes(Uint8Array.from(readFileSync(`${root}/build/tasks/${name}.wasm`)), `task-${name}`);
}

export function expectOk<T>(outcome: CallOutcome<T>): T {
  if (outcome.status !== "ok") throw new Error(`expected success, got ${outcome.error.code}: ${outcome.error.message}`);
  return outcome.output;
}

export function expectError<T>(outcome: CallOutcome<T>, code: TaskRunErrorCode): TaskRunError {
  if (outcome.status !== "error") throw new Error(`expected ${code}, the call succeeded`);
  expect(outcome.error.code, outcome.error.message).toBe(code);
  return outcome.error;
}

/**
 * The skeleton of an sdk-ABI module in WAT: a bump allocator from offset 1024 and an entry
 * `run` whose body is given. `memory` is either the defined memory's limits or `import`;
 * `extra` (imports first, data segments…) goes at the top of the module.
 */
export function sdkWat(body: string, options: { memory?: string; extra?: string } = {}): string {
  const memory =
    options.memory === "import"
      ? '(import "env" "memory" (memory $mem 1 4))'
      : `(memory $mem ${options.memory ?? "1 4"})`;
  return `(module
    ${options.extra ?? ""}
    ${memory}
    (export "memory" (memory $mem))
    (global $next (mut i32) (i32.const 1024))
    (func $alloc (export "wasmflow_alloc") (param $len i32) (result i32)
      (local $ptr i32)
      (local.set $ptr (global.get $next))
      (global.set $next (i32.add (global.get $next) (local.get $len)))
      (local.get $ptr))
    (func (export "run") (param $ptr i32) (param $len i32) (result i32) ${body}))`;
}
