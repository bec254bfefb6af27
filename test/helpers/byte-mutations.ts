import fc from "fast-check";

// Mutations of a binary for the property tests that feed hostile bytes to a reader: flips,
// replacements, cuts, insertions and deletions, at positions that are fractions of the current
// length so every mutation lands inside what it mutates.

export type Mutation =
  | { readonly type: "flip"; readonly at: number; readonly bit: number }
  | { readonly type: "replace"; readonly at: number; readonly byte: number }
  | { readonly type: "truncate"; readonly at: number }
  | { readonly type: "insert"; readonly at: number; readonly bytes: readonly number[] }
  | { readonly type: "delete"; readonly at: number; readonly count: number };

export interface MutationOptions {
  /** Bytes that matter to the format (LEB128s, opcodes) and turn up more often than chance would have it. */
  readonly interesting: readonly number[];
  /** The most mutations applied at once; mostly one is. */
  readonly maxAtOnce: number;
}

/** Lists of mutations: mostly one, which often leaves a valid input to compare; sometimes a few at once. */
export function byteMutations(options: MutationOptions): fc.Arbitrary<readonly Mutation[]> {
  const position = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
  const byte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(...options.interesting));
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ type: fc.constant("flip" as const), at: position, bit: fc.integer({ min: 0, max: 7 }) }),
    fc.record({ type: fc.constant("replace" as const), at: position, byte }),
    fc.record({ type: fc.constant("truncate" as const), at: position }),
    fc.record({ type: fc.constant("insert" as const), at: position, bytes: fc.array(byte, { maxLength: 8 }) }),
    fc.record({ type: fc.constant("delete" as const), at: position, count: fc.integer({ min: 1, max: 8 }) }),
  );
  return fc.oneof(
    { arbitrary: mutation.map((m) => [m]), weight: 3 },
    { arbitrary: fc.array(mutation, { minLength: 2, maxLength: options.maxAtOnce }), weight: 1 },
  );
}

function apply(bytes: Uint8Array, m: Mutation): Uint8Array {
  const at = Math.floor(m.at * bytes.length);
  switch (m.type) {
    case "flip": {
      const out = bytes.slice();
      out[at] = (out[at] as number) ^ (1 << m.bit);
      return out;
    }
    case "replace": {
      const out = bytes.slice();
      out[at] = m.byte;
      return out;
    }
    case "truncate":
      return bytes.slice(0, at);
    case "insert":
      return new Uint8Array([...bytes.subarray(0, at), ...m.bytes, ...bytes.subarray(at)]);
    case "delete":
      return new Uint8Array([...bytes.subarray(0, at), ...bytes.subarray(at + m.count)]);
  }
}

/** `bytes` with each mutation applied in turn; once nothing is left, nothing more is done. */
export function applyMutations(bytes: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  return mutations.reduce((current, m) => (current.length === 0 ? current : apply(current, m)), bytes);
}
