import { randomBytes } from "node:crypto";

/** Run ids sort by creation time (base-36 milliseconds) and carry 40 random bits: `mf3k2x1pq-9f1c2a7b3e`. */
export function newRunId(): string {
  return `${Date.now().toString(36).padStart(9, "0")}-${randomBytes(5).toString("hex")}`;
}
