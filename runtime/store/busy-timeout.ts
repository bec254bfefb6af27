import { UsageError } from "../errors/index.js";

const defaultBusyTimeoutMs = 5000;
const maxBusyTimeoutMs = 2 ** 31 - 1;

/**
 * How long to wait for another process's lock on the store before failing with STORE_BUSY: the
 * value given, else WASMFLOW_BUSY_TIMEOUT_MS, else 5 seconds.
 */
export function resolveBusyTimeout(explicit?: number, env: NodeJS.ProcessEnv = process.env): number {
  if (explicit !== undefined) {
    if (!Number.isInteger(explicit) || explicit < 0 || explicit > maxBusyTimeoutMs) {
      throw new UsageError(`busyTimeoutMs must be a whole number of milliseconds, got ${explicit}`);
    }
    return explicit;
  }
  const text = env.WASMFLOW_BUSY_TIMEOUT_MS;
  if (text === undefined || text === "") return defaultBusyTimeoutMs;
  const value = Number(text);
  if (!/^\d{1,10}$/.test(text) || value > maxBusyTimeoutMs) {
    throw new UsageError(`WASMFLOW_BUSY_TIMEOUT_MS must be a whole number of milliseconds, got "${text}"`);
  }
  return value;
}
