import { readHeapType } from "./read-types.js";
import type { Reader } from "./reader.js";

const end = 0x0b;

// Extended-const arithmetic: i32.add/sub/mul and i64.add/sub/mul take no immediates.
const arithmetic = new Set([0x6a, 0x6b, 0x6c, 0x7c, 0x7d, 0x7e]);

/**
 * Steps over a constant expression (a global's or table's initial value) up to and including its
 * `end`. The value itself is never needed, but `end` (0x0b) can occur inside immediates, so
 * every instruction allowed in a constant expression is decoded; anything else is refused
 * rather than guessed at.
 */
export function skipConstExpr(r: Reader): void {
  for (;;) {
    const offset = r.pos;
    const opcode = r.u8("constant expression");
    if (opcode === end) return;
    if (arithmetic.has(opcode)) continue;
    switch (opcode) {
      case 0x41: // i32.const
        r.signed(32, "i32 constant");
        break;
      case 0x42: // i64.const
        r.signed(64, "i64 constant");
        break;
      case 0x43: // f32.const
        r.skip(4, "f32 constant");
        break;
      case 0x44: // f64.const
        r.skip(8, "f64 constant");
        break;
      case 0x23: // global.get
        r.u32("global index");
        break;
      case 0xd0: // ref.null
        readHeapType(r);
        break;
      case 0xd2: // ref.func
        r.u32("function index");
        break;
      case 0xfd: // vector prefix: only v128.const is constant
        if (r.u32("vector opcode") !== 12) r.fail("unsupported vector instruction in constant expression", offset);
        r.skip(16, "v128 constant");
        break;
      case 0xfb:
        skipGcConstInstruction(r, offset);
        break;
      default:
        r.fail(`unsupported instruction 0x${opcode.toString(16)} in constant expression`, offset);
    }
  }
}

function skipGcConstInstruction(r: Reader, offset: number): void {
  const sub = r.u32("GC opcode");
  switch (sub) {
    case 0x00: // struct.new
    case 0x01: // struct.new_default
    case 0x06: // array.new
    case 0x07: // array.new_default
      r.u32("type index");
      return;
    case 0x08: // array.new_fixed
      r.u32("type index");
      r.u32("array length");
      return;
    case 0x1a: // any.convert_extern
    case 0x1b: // extern.convert_any
    case 0x1c: // ref.i31
      return;
    default:
      r.fail(`unsupported GC instruction 0xfb ${sub} in constant expression`, offset);
  }
}
