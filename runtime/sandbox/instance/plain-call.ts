import { TaskRunError, UsageError } from "../../errors/index.js";
import type { PlainValueKind } from "../protocol.js";
import { type AsRuntime, asRuntime, readBytes, readString, writeArrayBuffer, writeString } from "./as-objects.js";
import { type ResolvedCallOptions, resolveCallOptions } from "./defaults.js";
import { execute } from "./execute.js";
import type { PreparedModule } from "./prepared-module.js";
import type { CallOptions, CallOutcome, PlainSignature } from "./types.js";

interface PlainArg {
  readonly entry: string;
  readonly args: readonly unknown[];
  readonly signature: PlainSignature;
}

type GuestFunction = (...args: unknown[]) => unknown;

const jsTypes: Readonly<Record<PlainValueKind, string>> = {
  number: "number",
  bigint: "bigint",
  bool: "boolean",
  string: "string",
  bytes: "Uint8Array",
};

/**
 * Calls a plain export. Numbers and BigInts pass straight through, booleans as 0/1; strings and
 * bytes (`ArrayBuffer` parameters) are allocated in guest memory through the AssemblyScript
 * runtime's `__new`. The result comes back raw for numbers, as a string or a `Uint8Array`
 * copied out of guest memory, or as a boolean. Never throws for what the guest does; arguments
 * that do not match `signature` throw `UsageError`.
 *
 * @example
 * runPlainCall(prepared, "add", [1, 2], { params: ["number", "number"], result: "number" }); // output: 3
 */
export function runPlainCall(
  prepared: PreparedModule,
  entry: string,
  args: readonly unknown[],
  signature: PlainSignature,
  options?: CallOptions,
): CallOutcome<unknown> {
  return plainCall(prepared, entry, args, signature, resolveCallOptions(options));
}

/** `runPlainCall` with options already resolved, for a thread that reuses them from call to call. */
export function plainCall(
  prepared: PreparedModule,
  entry: string,
  args: readonly unknown[],
  signature: PlainSignature,
  options: ResolvedCallOptions,
): CallOutcome<unknown> {
  checkArgs(args, signature);
  return execute(prepared, invokePlain, { entry, args, signature }, options);
}

function checkArgs(args: readonly unknown[], signature: PlainSignature): void {
  if (args.length !== signature.params.length) {
    throw new UsageError(`expected ${signature.params.length} arguments, got ${args.length}`);
  }
  signature.params.forEach((kind, i) => {
    const value = args[i];
    const ok = kind === "bytes" ? value instanceof Uint8Array : typeof value === jsTypes[kind];
    if (!ok) throw new UsageError(`argument ${i} must be a ${jsTypes[kind]} (kind "${kind}")`);
  });
}

function invokePlain(
  exports: WebAssembly.Exports,
  memory: WebAssembly.Memory | undefined,
  arg: PlainArg,
  options: ResolvedCallOptions,
): unknown {
  const run = exports[arg.entry];
  if (typeof run !== "function") {
    throw new TaskRunError("GUEST_PROTOCOL_ERROR", `the module does not export the function "${arg.entry}"`, {
      export: arg.entry,
    });
  }
  const { params, result } = arg.signature;
  let rt: AsRuntime | undefined;
  const values: unknown[] = new Array(params.length);
  for (let i = 0; i < params.length; i++) {
    const value = arg.args[i];
    switch (params[i]) {
      case "string":
        rt ??= asRuntime(exports, memory);
        values[i] = writeString(rt, value as string);
        break;
      case "bytes":
        rt ??= asRuntime(exports, memory);
        values[i] = writeArrayBuffer(rt, value as Uint8Array);
        break;
      case "bool":
        values[i] = value === true ? 1 : 0;
        break;
      default:
        values[i] = value;
    }
  }
  const raw = (run as GuestFunction)(...values);
  if (rt !== undefined && options.instance === "reuse") unpin(exports, params, values);
  switch (result) {
    case "void":
      return undefined;
    case "string":
      return readString(memory, raw, options.maxOutputBytes);
    case "bytes":
      return readBytes(exports, memory, raw, options.maxOutputBytes);
    case "bool":
      return raw !== 0;
    default:
      return raw;
  }
}

/** A kept instance lives on: release the arguments pinned while they were allocated. */
function unpin(exports: WebAssembly.Exports, params: readonly PlainValueKind[], values: readonly unknown[]): void {
  const release = exports.__unpin;
  if (typeof release !== "function") return;
  params.forEach((kind, i) => {
    if (kind === "string" || kind === "bytes") (release as GuestFunction)(values[i]);
  });
}
