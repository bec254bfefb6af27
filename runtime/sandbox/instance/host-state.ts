import { envModule, hostModule } from "../../abi/index.js";
import { TaskRunError } from "../../errors/index.js";
import { instanceDefaults, type ResolvedCallOptions } from "./defaults.js";
import { readGuestString, readGuestUtf8 } from "./guest-memory.js";
import { LogSink } from "./log-sink.js";
import { guestSeed } from "./seed.js";

const traceArgs = 5;

/**
 * The host side of every call in this thread: one imports object, built once, whose functions
 * read the current call's state. A call swaps that state in (`begin`) instead of building
 * closures, so instantiation gets the same imports object every time.
 */
export class HostState {
  /** The memory the guest's pointers refer to; unknown while a module with its own memory is instantiated. */
  memory: WebAssembly.Memory | undefined;
  /**
   * The first `abort` or `fail` of the call. Kept because a guest built with exception handling
   * can catch what the import throws and carry on; the call still ends with this error.
   */
  failure: TaskRunError | undefined;
  readonly logs = new LogSink(instanceDefaults.logs);
  readonly imports: WebAssembly.Imports;
  private readonly env: {
    abort: (message: number, file: number, line: number, column: number) => never;
    memory: WebAssembly.Memory | undefined;
  };
  private seedInput = Number.NaN;
  private seedValue = 0;
  private maxMessageBytes: number = instanceDefaults.logs.maxMessageBytes;

  constructor() {
    const env = {
      abort: (message: number, file: number, line: number, column: number) => this.abort(message, file, line, column),
      trace: (message: number, count: number, a0: number, a1: number, a2: number, a3: number, a4: number) =>
        this.trace(message, count, a0, a1, a2, a3, a4),
      seed: () => this.seedValue,
      // Set per call; V8 reads it only for modules that import it.
      memory: undefined as WebAssembly.Memory | undefined,
    };
    const wasmflow = {
      log: (level: number, ptr: number, len: number) => this.logs.pushGuest(level, this.memory, ptr, len),
      fail: (ptr: number, len: number) => this.fail(ptr, len),
    };
    this.env = env;
    this.imports = { [envModule]: env, [hostModule]: wasmflow } as unknown as WebAssembly.Imports;
  }

  /** Starts a call: fresh logs, its seed, and the memory it imports (if any). */
  begin(options: ResolvedCallOptions, importedMemory: WebAssembly.Memory | undefined): void {
    this.logs.reset(options.logs);
    this.failure = undefined;
    this.maxMessageBytes = options.logs.maxMessageBytes;
    if (options.seed !== this.seedInput) {
      this.seedInput = options.seed;
      this.seedValue = guestSeed(options.seed);
    }
    this.useImportedMemory(importedMemory);
  }

  /** The memory handed to the next instantiation as `env.memory` (ignored by modules that define theirs). */
  useImportedMemory(memory: WebAssembly.Memory | undefined): void {
    this.memory = memory;
    this.env.memory = memory;
  }

  /** Lets go of the call's memory so a discarded one can be collected. */
  end(): void {
    this.memory = undefined;
    this.env.memory = undefined;
  }

  private abort(message: number, file: number, line: number, column: number): never {
    if (this.failure !== undefined) throw this.failure;
    const text = readGuestString(this.memory, message, instanceDefaults.maxGuestStringBytes);
    const where = readGuestString(this.memory, file, instanceDefaults.maxGuestStringBytes);
    const details = { message: text, file: where, line: line >>> 0, column: column >>> 0 };
    this.failure = new TaskRunError(
      "GUEST_ABORT",
      `abort: ${text} at ${where}:${details.line}:${details.column}`,
      details,
    );
    // The stack from the guest's frame that called the import: the host's own frames would take
    // places among the few V8 records (`guestOffsets` reads it if the call fails).
    Error.captureStackTrace(this.failure, this.env.abort);
    throw this.failure;
  }

  private fail(ptr: number, len: number): never {
    if (this.failure !== undefined) throw this.failure;
    const message = readGuestUtf8(this.memory, ptr, len, this.maxMessageBytes);
    this.failure = new TaskRunError("TASK_FAILED", message, { message });
    throw this.failure;
  }

  private trace(message: number, count: number, ...values: number[]): void {
    const text = readGuestString(this.memory, message, this.maxMessageBytes);
    const shown = Math.max(0, Math.min(count | 0, traceArgs));
    const line = shown === 0 ? `trace: ${text}` : `trace: ${text} ${values.slice(0, shown).join(", ")}`;
    this.logs.push("debug", line, line.length);
  }
}

/** This thread's host state: calls in one thread never overlap, so one is enough. */
export const threadHost = new HostState();
