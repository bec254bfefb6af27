/**
 * The core modules a component embeds, in the order they appear (nested components' in place),
 * named as jco's transpile names the files it writes for them: `component.core.wasm`,
 * `component.core2.wasm`, … Registration checks each against the rules modules meet, from the
 * component's bytes alone, before anything is transpiled.
 */
export interface EmbeddedCoreModule {
  readonly name: string;
  readonly bytes: Uint8Array;
}

const coreModuleSection = 1;
const componentSection = 4;
const preambleBytes = 8;

/** Called on bytes `readComponentTypes` read: a well-formed section layout. Throws a RangeError on a truncated one. */
export function embeddedCoreModules(component: Uint8Array, prefix = "component"): EmbeddedCoreModule[] {
  const found: Uint8Array[] = [];
  collect(component, found);
  return found.map((bytes, i) => ({ name: `${prefix}.core${i === 0 ? "" : i + 1}.wasm`, bytes }));
}

function collect(component: Uint8Array, found: Uint8Array[]): void {
  let at = preambleBytes;
  while (at < component.byteLength) {
    const id = component[at++] as number;
    let size = 0;
    let shift = 0;
    for (;;) {
      if (at >= component.byteLength) throw new RangeError("section size runs past the end");
      const byte = component[at++] as number;
      size += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if ((byte & 0x80) === 0) break;
    }
    const end = at + size;
    if (end > component.byteLength) throw new RangeError("section runs past the end");
    const content = component.subarray(at, end);
    if (id === coreModuleSection) found.push(content);
    else if (id === componentSection) collect(content, found);
    at = end;
  }
}
