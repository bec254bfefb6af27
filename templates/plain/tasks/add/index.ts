// A plain task: the export takes the input's fields as parameters, in order, and returns the output.
// No SDK and no generated code: numbers cross as WebAssembly values.

export function add(a: i32, b: i32): i32 {
  return a + b;
}
