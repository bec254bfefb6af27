import { beforeAll, expect, test } from "vitest";
import { ModuleParseError } from "../../runtime/errors/index.js";
import { inspectModule } from "../../runtime/wasm/index.js";
import { engineValidates } from "./engine.js";
import { watFixture } from "./fixtures.js";
import { thrown } from "./thrown.js";

let bytes: Uint8Array;
// Offsets where one section ends and the next begins: cutting there leaves well-framed bytes.
const boundaries = new Set<number>();

beforeAll(async () => {
  bytes = await watFixture("realistic.wat");
  let pos = 8;
  boundaries.add(pos);
  while (pos < bytes.length) {
    pos++;
    let size = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = bytes[pos++] as number;
      size += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) break;
    }
    pos += size;
    boundaries.add(pos);
  }
});

test("every prefix of a real module is either a valid module or a ModuleParseError saying why", () => {
  let accepted = 0;
  for (let length = 0; length < bytes.length; length++) {
    const prefix = bytes.slice(0, length);
    if (engineValidates(prefix)) {
      expect(inspectModule(prefix).size).toBe(length);
      accepted++;
      continue;
    }
    const error = thrown(() => inspectModule(prefix));
    expect(error).toBeInstanceOf(ModuleParseError);
    expect(error).toMatchObject({ code: "MODULE_MALFORMED" });
    const { message } = error as ModuleParseError;
    if (length === 0) expect(message).toMatch(/^empty file/);
    else if (!boundaries.has(length)) expect(message, `prefix of ${length} bytes`).toMatch(/^truncated: /);
    else expect(message, `prefix of ${length} bytes`).toMatch(/^not a valid WebAssembly module: /);
  }
  // The bare header and the first few whole sections make valid, smaller modules.
  expect(accepted).toBeGreaterThan(1);
});
