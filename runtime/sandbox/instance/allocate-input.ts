import { InputAllocationError } from "./classify-error.js";

/**
 * Asks the guest's allocator for `len` bytes of input. What it throws is wrapped with the length
 * asked for, so the trap an allocator raises when an input cannot fit under the memory's maximum
 * is reported as MEMORY_LIMIT (see `classifyError`), not as a bare trap.
 */
export function allocateInput(alloc: (len: number) => number, len: number): number {
  try {
    return alloc(len);
  } catch (error) {
    throw new InputAllocationError(len, error);
  }
}
