// A plain-ABI module: its exports take and return core numbers, no SDK involved.

export function add(a: i32, b: i32): i32 {
  return a + b;
}

export function fib(n: i32): i64 {
  let a: i64 = 0;
  let b: i64 = 1;
  for (let i = 0; i < n; i++) {
    const next = a + b;
    a = b;
    b = next;
  }
  return a;
}
