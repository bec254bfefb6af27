import type { ExpectedExport } from "./expected-export.js";

/** Version of the sdk ABI this runtime speaks; a module declares its own in its self-description. */
export const sdkAbiVersion = 1;
/** Name of the custom section carrying an sdk module's self-description. */
export const selfDescriptionSection = "wasmflow.abi";
export const sdkAllocExport = "wasmflow_alloc";

/**
 * The sdk ABI: the entry takes (ptr, len) of MessagePack input and returns a pointer to an
 * 8-byte (ptr, len) descriptor of the MessagePack output; the host writes input through the
 * allocator into the exported memory.
 */
export function sdkExpectedExports(entry: string): ExpectedExport[] {
  return [
    { name: "memory", kind: "memory", why: "the host reads and writes MessagePack through it" },
    {
      name: sdkAllocExport,
      kind: "func",
      type: { params: ["i32"], results: ["i32"] },
      why: "the host allocates the input buffer through it",
    },
    {
      name: entry,
      kind: "func",
      type: { params: ["i32", "i32"], results: ["i32"] },
      why: "the task entry: (input ptr, input len) -> output descriptor ptr",
    },
  ];
}
