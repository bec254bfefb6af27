// The engine reads views of any buffer; the DOM typings only admit ArrayBuffer-backed ones.
type EngineBytes = Uint8Array<ArrayBuffer>;

/** The engine's own verdict on `bytes`. */
export function engineValidates(bytes: Uint8Array): boolean {
  return WebAssembly.validate(bytes as EngineBytes);
}

/** Compiles `bytes` with the engine. */
export function engineModule(bytes: Uint8Array): WebAssembly.Module {
  return new WebAssembly.Module(bytes as EngineBytes);
}
