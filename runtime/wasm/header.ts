/** Length of the preamble every module starts with: the magic `\0asm`, then a 4-byte version. */
export const headerLength = 8;

const magic = [0x00, 0x61, 0x73, 0x6d] as const;
const coreVersion = 1;
// Components share the magic but carry version 0x0d and layer 1 in the next four bytes.
const componentVersion = 0x0d;

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");
}

function looksLikeText(bytes: Uint8Array): boolean {
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return bytes[i] === 0x28 || (bytes[i] === 0x3b && bytes[i + 1] === 0x3b);
}

/** Says what is wrong with a module's preamble, or returns undefined when it is a core module's. */
export function headerProblem(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0) return "empty file: a WebAssembly module starts with the bytes 00 61 73 6d (\\0asm)";
  const prefixLength = Math.min(bytes.length, magic.length);
  for (let i = 0; i < prefixLength; i++) {
    if (bytes[i] === magic[i]) continue;
    if (looksLikeText(bytes)) {
      return "wrong magic number: this looks like WebAssembly text (WAT), which must be compiled to binary first";
    }
    return `wrong magic number: expected 00 61 73 6d (\\0asm), found ${hex(bytes.subarray(0, 4))}`;
  }
  if (bytes.length < headerLength) {
    return `truncated: the file ends after ${bytes.length} of the ${headerLength} header bytes`;
  }
  const version = (bytes[4] as number) | ((bytes[5] as number) << 8);
  const layer = (bytes[6] as number) | ((bytes[7] as number) << 8);
  if (version === coreVersion && layer === 0) return undefined;
  if (version === componentVersion && layer === 1) {
    return "this is a WebAssembly component, not a core module";
  }
  return `wrong version: expected 01 00 00 00, found ${hex(bytes.subarray(4, headerLength))}`;
}
