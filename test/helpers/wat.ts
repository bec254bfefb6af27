import initWabt from "wabt";

type Wabt = Awaited<ReturnType<typeof initWabt>>;
let wabt: Promise<Wabt> | undefined;

/** Compiles WebAssembly text to binary with every proposal wabt knows enabled (exceptions, threads, memory64…). */
export async function wat(source: string, name = "fixture.wat"): Promise<Uint8Array> {
  wabt ??= initWabt();
  // wabt reads the text as bytes: encode it as UTF-8 so non-ASCII names survive.
  const module = (await wabt).parseWat(name, new TextEncoder().encode(source), {
    exceptions: true,
    threads: true,
    memory64: true,
    bulk_memory: true,
    reference_types: true,
    simd: true,
    tail_call: true,
  });
  try {
    module.resolveNames();
    // No wabt validation: V8 is the judge (wabt refuses shared memories that V8 accepts).
    return new Uint8Array(module.toBinary({ log: false }).buffer);
  } finally {
    module.destroy();
  }
}
