import type { FuncSignature } from "../wasm/index.js";

/** The module of the imports AssemblyScript's runtime needs (`abort`, `trace`, `seed`) and of the shared memory. */
export const envModule = "env";
/** Our own host module: what the guest SDK calls (`log`, `fail`). */
export const hostModule = "wasmflow";

/**
 * The only imports a task module may have: what the AssemblyScript runtime needs (`env.*`) and
 * our own host module. No WASI and nothing else, so a task cannot reach the file system, the
 * network or the clock except through what the runtime chooses to give it.
 */
export const allowedHostImports: ReadonlyMap<string, FuncSignature> = new Map([
  [`${envModule}.abort`, { params: ["i32", "i32", "i32", "i32"], results: [] }],
  [`${envModule}.trace`, { params: ["i32", "i32", "f64", "f64", "f64", "f64", "f64"], results: [] }],
  [`${envModule}.seed`, { params: [], results: ["f64"] }],
  [`${hostModule}.log`, { params: ["i32", "i32", "i32"], results: [] }],
  [`${hostModule}.fail`, { params: ["i32", "i32"], results: [] }],
]);

/**
 * The one non-function import allowed: the module's linear memory, which the sandbox creates with
 * the module's declared limits and zeroes between calls (cheaper than a fresh memory per call).
 * Its limits are checked like a defined memory's.
 */
export const memoryImport = { module: envModule, name: "memory" } as const;
export const allowedMemoryImport = `${memoryImport.module}.${memoryImport.name}`;
