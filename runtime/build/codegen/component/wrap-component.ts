type WasmTools = typeof import("@bytecodealliance/jco-transpile/wasm-tools");
let tools: Promise<WasmTools> | undefined;

// wasm-tools (a component of its own, run by jco-transpile) takes ~100 ms to load and start:
// only builds of component tasks pay for it, once per process.
function loadTools(): Promise<WasmTools> {
  tools ??= import("@bytecodealliance/jco-transpile/wasm-tools");
  return tools;
}

export type WrapOutcome =
  | { readonly ok: true; readonly component: Uint8Array }
  | { readonly ok: false; readonly step: "embed" | "new"; readonly message: string };

/**
 * A component from a core module and the WIT world it implements, as wit-component makes one:
 * the WIT is embedded in the module (strings cross as UTF-8), then the module is wrapped, its
 * exports lifted by the world's types. A tool's refusal (a missing export, a signature that does
 * not match the WIT, an import the world does not have) comes back as its message.
 */
export async function wrapComponent(core: Uint8Array, witSource: string, world: string): Promise<WrapOutcome> {
  const { componentEmbed, componentNew } = await loadTools();
  let embedded: Uint8Array;
  try {
    embedded = await componentEmbed({ binary: core, witSource, world, stringEncoding: "utf8" });
  } catch (error) {
    return { ok: false, step: "embed", message: messageOf(error) };
  }
  try {
    return { ok: true, component: await componentNew(embedded) };
  } catch (error) {
    return { ok: false, step: "new", message: messageOf(error) };
  }
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "object" && error !== null && "payload" in error) return String(error.payload);
  return String(error);
}
