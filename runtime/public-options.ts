import { UsageError } from "./errors/index.js";

/**
 * Checks of what the public entries of `Wasmflow` take, made at the door with one clear line
 * each: a wrong option fails the call that gave it, never a later one, and never with a
 * JavaScript TypeError from deep inside.
 */

const maxIdempotencyKeyLength = 256;

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "object") return "an object";
  if (typeof value === "function") return "a function";
  return String(value);
}

/** `value` is an object of options (or absent); `name` says which. */
export function checkOptionsObject(name: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new UsageError(`${name} must be an object of options, got ${describe(value)}`);
  }
}

export function checkOptionalString(name: string, value: unknown, what: string): void {
  if (value !== undefined && (typeof value !== "string" || value === "")) {
    throw new UsageError(`${name} must be ${what} (a non-empty string), got ${describe(value)}`);
  }
}

export function checkOptionalBoolean(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== "boolean") {
    throw new UsageError(`${name} must be true or false, got ${describe(value)}`);
  }
}

/** A task or flow reference, or a definition file path: a non-empty string. */
export function checkReference(name: string, value: unknown): asserts value is string {
  if (typeof value !== "string" || value === "") {
    throw new UsageError(
      `${name} must be a name, name@revision or file path (a non-empty string), got ${describe(value)}`,
    );
  }
}

/** What `startFlow`, `runFlow` and `resumeRuns` take beside the flow and its input. */
export function checkStartFlowOptions(options: unknown): void {
  checkOptionsObject("options", options);
  if (options === undefined) return;
  const { idempotencyKey, signal, onEvent, format } = options as Record<string, unknown>;
  if (idempotencyKey !== undefined) {
    if (
      typeof idempotencyKey !== "string" ||
      idempotencyKey === "" ||
      idempotencyKey.length > maxIdempotencyKeyLength
    ) {
      throw new UsageError(
        `options.idempotencyKey must be a string of 1 to ${maxIdempotencyKeyLength} characters, got ${describe(idempotencyKey)}`,
      );
    }
  }
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new UsageError(`options.signal must be an AbortSignal, got ${describe(signal)}`);
  }
  if (onEvent !== undefined && typeof onEvent !== "function") {
    throw new UsageError(`options.onEvent must be a function, got ${describe(onEvent)}`);
  }
  if (format !== undefined && format !== "value" && format !== "json") {
    throw new UsageError(`options.format must be "value" or "json", got ${describe(format)}`);
  }
}
