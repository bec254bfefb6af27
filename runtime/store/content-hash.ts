import { createHash } from "node:crypto";

/** sha256, hex: how modules and definitions are addressed in the store. */
export function sha256(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}
