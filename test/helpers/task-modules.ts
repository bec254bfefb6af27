import { appendCustomSection } from "../../runtime/wasm/index.js";
import { wat } from "./wat.js";

/** A minimal sdk-ABI module in WAT, with knobs to break it one way at a time. */
export interface SdkWatOptions {
  readonly entry?: string;
  readonly entrySignature?: string;
  readonly allocSignature?: string;
  /** Limits of the defined memory. */
  readonly memory?: string;
  /** An import declaration replacing the defined memory, e.g. `(import "env" "memory" (memory $mem 1 16))`. */
  readonly memoryImport?: string;
  readonly extra?: string;
  readonly omitAlloc?: boolean;
  readonly omitMemoryExport?: boolean;
}

export function sdkWat(options: SdkWatOptions = {}): string {
  const entry = options.entry ?? "run";
  return `(module
    ${options.extra ?? ""}
    ${options.memoryImport ?? `(memory $mem ${options.memory ?? "1 16"})`}
    ${options.omitMemoryExport === true ? "" : '(export "memory" (memory $mem))'}
    ${options.omitAlloc === true ? "" : `(func (export "wasmflow_alloc") ${options.allocSignature ?? "(param i32) (result i32)"} unreachable)`}
    (func (export "${entry}") ${options.entrySignature ?? "(param i32 i32) (result i32)"} unreachable))`;
}

/** The self-description payload `wasmflow build` appends to sdk modules. */
export function selfDescription(input: string, output: string, extra: Record<string, unknown> = {}): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ abi: 1, export: "run", input, output, ...extra }));
}

export async function sdkModule(
  options: SdkWatOptions & { input?: string; output?: string; describe?: boolean } = {},
): Promise<Uint8Array> {
  const bytes = await wat(sdkWat(options));
  if (options.describe === false) return bytes;
  return appendCustomSection(
    bytes,
    "wasmflow.abi",
    selfDescription(options.input ?? "record{text: string}", options.output ?? "record{words: u32}"),
  );
}

/** A definition object for `parseTaskDefinition`, sdk by default. */
export function definition(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "demo",
    abi: "sdk",
    module: "demo.wasm",
    input: { text: "string" },
    output: { words: "u32" },
    ...overrides,
  };
}
