// The host functions every wasmflow sandbox provides. AssemblyScript names an import module
// after the file that declares it, which is why this file is called `wasmflow.ts`.

/** Writes `len` bytes of UTF-8 at `ptr` to the task's log at `level` (0 debug, 1 info, 2 warn, 3 error). */
export declare function log(level: i32, ptr: usize, len: usize): void;

/** Ends the call with the UTF-8 message at `ptr`; the host throws from inside, so this never returns. */
export declare function fail(ptr: usize, len: usize): void;
