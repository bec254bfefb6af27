/**
 * Holds a value type (number or bool) where a reference is needed: an `option<u32>` field is a
 * `Box<u32> | null`, null being "none".
 */
export class Box<T> {
  constructor(public value: T) {}
}

/**
 * An array of `length` elements whose slots the caller fills before reading them. Unlike
 * `new Array<T>(length)` it is allowed for non-nullable element types and allocates exactly once.
 */
export function newArray<T>(length: i32): Array<T> {
  return changetype<Array<T>>(__newArray(length, alignof<T>(), idof<Array<T>>()));
}
