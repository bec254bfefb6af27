import { Packr } from "msgpackr";
import { maxSafeBigInt } from "../../values/index.js";

/**
 * Values as the store keeps them (step inputs and outputs, run inputs and outputs): MessagePack,
 * which keeps what JSON cannot — 64-bit integers past 2^53 as BigInt, bytes as bytes — so a value
 * read back is the value that was written. msgpackr drops `__proto__` keys when it reads.
 */
// 64-bit integers come back as BigInt and are turned into numbers only while safe (|v| < 2^53),
// which is our value model; msgpackr's own "auto" mode would also make ±2^53 a number.
const packr = new Packr({ useRecords: false, mapsAsObjects: true, int64AsType: "bigint" });

const maxSafe = maxSafeBigInt;
const minSafe = -maxSafe;

export function packValue(value: unknown): Uint8Array {
  return packr.pack(value);
}

export function unpackValue(bytes: Uint8Array | null | undefined): unknown {
  if (bytes === null || bytes === undefined) return undefined;
  return normalise(packr.unpack(bytes));
}

// msgpackr hands bytes back as Buffers; the rest of wasmflow speaks plain Uint8Array.
function normalise(value: unknown): unknown {
  if (typeof value === "bigint") {
    return value >= minSafe && value <= maxSafe ? Number(value) : value;
  }
  if (value instanceof Uint8Array) {
    return Buffer.isBuffer(value) ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength) : value;
  }
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === "object") {
    // fromEntries defines own properties: a `__proto__` key stays a key.
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, normalise(item)]));
  }
  return value;
}

/**
 * A value of our model as JSON, for `runs show --json` and the CLI: 64-bit integers past 2^53 as
 * decimal strings, bytes as base64, non-finite floats as "NaN" / "Infinity" / "-Infinity" — the
 * same mapping `task run --input` reads.
 */
export function toJsonValue(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  if (value instanceof Uint8Array)
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64");
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toJsonValue(item)]));
  }
  return value;
}
