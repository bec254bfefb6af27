import { Input, Output } from "./index.gen";

export function run(input: Input): Output {
  const out = new Output();
  out.crc32 = crc32(input.data);
  out.adler32 = adler32(input.data);
  out.length = input.data.length;
  return out;
}

function crc32(data: Uint8Array): u32 {
  let crc: u32 = 0xffffffff;
  for (let i = 0; i < data.length; i++) {
    crc ^= data[i];
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return ~crc;
}

function adler32(data: Uint8Array): u32 {
  let a: u32 = 1;
  let b: u32 = 0;
  for (let i = 0; i < data.length; i++) {
    a = (a + data[i]) % 65521;
    b = (b + a) % 65521;
  }
  return (b << 16) | a;
}
