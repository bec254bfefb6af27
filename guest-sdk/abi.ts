/**
 * Allocates `len` bytes for the host to write a call's input into. Every sdk module exports it;
 * the instance lives for one call, so nothing is ever freed.
 */
export function wasmflow_alloc(len: usize): usize {
  return heap.alloc(len);
}

/** Stores where the output lies as the 8-byte descriptor the entry returns: u32 ptr, u32 len (little-endian). */
export function outputDescriptor(ptr: usize, len: usize): usize {
  const descriptor = heap.alloc(8);
  store<u32>(descriptor, ptr as u32);
  store<u32>(descriptor, len as u32, 4);
  return descriptor;
}
