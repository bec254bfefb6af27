import { Packr } from "msgpackr";

/**
 * Values as the store keeps them (step inputs and outputs, run inputs and outputs): MessagePack,
 * which keeps what JSON cannot — 64-bit integers past 2^53 as BigInt, bytes as bytes — so a value
 * read back is the value that was written. msgpackr drops `__proto__` keys when it reads.
 */
// `int64AsType: "auto"` (numbers while safe, BigInt past 2^53 — our value model) is documented but
// missing from msgpackr's type declarations.
const packr = new Packr({
  useRecords: false,
  mapsAsObjects: true,
  int64AsType: "auto" as "bigint",
});

export function packValue(value: unknown): Uint8Array {
  return packr.pack(value);
}

export function unpackValue(bytes: Uint8Array | null | undefined): unknown {
  if (bytes === null || bytes === undefined) return undefined;
  return normalise(packr.unpack(bytes));
}

// msgpackr hands bytes back as Buffers; the rest of wasmflow speaks plain Uint8Array.
function normalise(value: unknown): unknown {
  if (value instanceof Uint8Array) {
    return Buffer.isBuffer(value) ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength) : value;
  }
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = normalise(item);
    return out;
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
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = toJsonValue(item);
    return out;
  }
  return value;
}
