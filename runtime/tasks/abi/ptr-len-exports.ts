// The export names of the ptr-len ABI, in a leaf of their own: registration checks them and the
// worker calls them, so neither can drift from the other.

/** The memory the host writes the input into and reads the output from. */
export const ptrLenMemoryExport = "memory";
/** `alloc(len: i32) -> i32`: where the guest wants the input's `len` bytes. */
export const ptrLenAllocExport = "alloc";
