// rot13: a task written in C against wasmflow's ptr-len ABI. No libc: a bump allocator over the
// heap the linker leaves after the data, grown a page at a time.
typedef unsigned char u8;
typedef unsigned int u32;
typedef unsigned long long u64;

extern u8 __heap_base;
static u32 next = 0;

__attribute__((export_name("alloc"))) u8 *alloc(u32 len) {
  if (next == 0) next = (u32)&__heap_base;
  u32 start = (next + 7) & ~7u;
  u32 end = start + len;
  u32 have = __builtin_wasm_memory_size(0) * 65536u;
  if (end > have) {
    u32 pages = (end - have + 65535u) / 65536u;
    if (__builtin_wasm_memory_grow(0, pages) == (unsigned long)-1) __builtin_trap();
  }
  next = end;
  return (u8 *)start;
}

__attribute__((export_name("run"))) u64 run(u8 *text, u32 len) {
  u8 *out = alloc(len);
  for (u32 i = 0; i < len; i++) {
    u8 c = text[i];
    if (c >= 'a' && c <= 'z') c = (u8)('a' + (c - 'a' + 13) % 26);
    else if (c >= 'A' && c <= 'Z') c = (u8)('A' + (c - 'A' + 13) % 26);
    out[i] = c;
  }
  return ((u64)(u32)out << 32) | len;
}
