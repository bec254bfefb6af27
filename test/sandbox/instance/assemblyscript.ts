/**
 * Compiles a one-file AssemblyScript program in memory, for fixtures that need the real
 * compiler's runtime (its allocator, its abort calls) rather than hand-written WAT.
 */
export async function compileAssemblyScript(source: string, flags: readonly string[]): Promise<Uint8Array> {
  const asc = await import("assemblyscript/asc");
  let binary: Uint8Array | undefined;
  let log = "";
  const sink = {
    write: (chunk: Uint8Array | string) => {
      log += String(chunk);
    },
  };
  const { error } = await asc.main(["fixture.ts", "--outFile", "fixture.wasm", ...flags], {
    stdout: sink,
    stderr: sink,
    readFile: (name) => (name === "fixture.ts" ? source : null),
    writeFile: (name, contents) => {
      if (name === "fixture.wasm" && typeof contents !== "string") binary = contents;
    },
    listFiles: () => [],
  });
  if (error !== null || binary === undefined) throw new Error(`asc failed: ${error?.message ?? ""}\n${log}`);
  return binary;
}
