import { randomUUID } from "node:crypto";

/** Run ids sort by creation time (base-36 milliseconds) and carry 40 random bits: `mf3k2x1pq-9f1c2a7b3e`. */
export function newRunId(): string {
  // randomUUID draws from a cached pool of random bytes (≈0.1 µs); randomBytes asks the system
  // for every call (≈2 µs, on every run started). A v4 UUID's first 10 hex digits are random.
  const uuid = randomUUID();
  return `${Date.now().toString(36).padStart(9, "0")}-${uuid.slice(0, 8)}${uuid.slice(9, 11)}`;
}
