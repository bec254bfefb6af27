import { sdkAllocExport, sdkMemoryExport } from "../../abi/index.js";
import type { ExpectedExport } from "./expected-export.js";

/**
 * The sdk ABI: the entry takes (ptr, len) of MessagePack input and returns a pointer to an
 * 8-byte (ptr, len) descriptor of the MessagePack output; the host writes input through the
 * allocator into the exported memory.
 */
export function sdkExpectedExports(entry: string): ExpectedExport[] {
  return [
    { name: sdkMemoryExport, kind: "memory", why: "the host reads and writes MessagePack through it" },
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
