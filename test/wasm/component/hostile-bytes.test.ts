import { beforeAll, describe, expect, test } from "vitest";
import { ModuleParseError, UsageError } from "../../../runtime/errors/index.js";
import { componentLimits, readComponentTypes } from "../../../runtime/wasm/index.js";
import { componentFixture } from "../../helpers/components.js";
import { wat } from "../../helpers/wat.js";
import {
  component,
  exportType,
  funcType,
  importFunc,
  name,
  preamble,
  s33,
  section,
  sectionIds,
  u32,
  valueTypes,
  vector,
} from "./encode.js";

/** Reads `bytes`, expecting the typed error, quickly; returns its message. */
function refused(bytes: Uint8Array): string {
  const started = performance.now();
  try {
    readComponentTypes(bytes);
  } catch (error) {
    expect(performance.now() - started).toBeLessThan(2000);
    expect(error).toBeInstanceOf(ModuleParseError);
    expect((error as ModuleParseError).code).toBe("MODULE_MALFORMED");
    return (error as Error).message;
  }
  throw new Error("expected a ModuleParseError");
}

/** Where the root's sections start: a component cut there is a shorter component. */
function sectionBoundaries(bytes: Uint8Array): Set<number> {
  const starts = new Set<number>();
  let pos = preamble.length;
  while (pos < bytes.length) {
    starts.add(pos);
    pos += 1;
    let size = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = bytes[pos++] as number;
      size += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) break;
    }
    pos += size;
  }
  return starts;
}

let real: Uint8Array;
beforeAll(async () => {
  real = await componentFixture("task");
});

describe("not a component", () => {
  test("an empty file, text, a core module, another version", async () => {
    expect(refused(new Uint8Array())).toMatch(/empty file/);
    expect(refused(new TextEncoder().encode("(component)"))).toMatch(/WebAssembly text/);
    expect(refused(await wat("(module)"))).toMatch(/core WebAssembly module, not a component/);
    expect(refused(new Uint8Array([...preamble.slice(0, 4), 0x0e, 0x00, 0x01, 0x00]))).toMatch(
      /wrong version: a component starts with 00 61 73 6d 0d 00 01 00, found 00 61 73 6d 0e 00 01 00/,
    );
    expect(refused(new Uint8Array(preamble.slice(0, 6)))).toMatch(/truncated/);
  });

  test("bytes that are not a Uint8Array, and components over the size limit", () => {
    expect(() => readComponentTypes([0, 1] as unknown as Uint8Array)).toThrow(UsageError);
    expect(() => readComponentTypes(real, { maxBytes: 0 })).toThrow(UsageError);
    expect(() => readComponentTypes(real, { maxBytes: 10 })).toThrow(/more than the maximum of 10/);
  });
});

describe("framing", () => {
  test("a real component cut anywhere but between sections is refused", () => {
    const boundaries = sectionBoundaries(real);
    for (let at = 0; at < real.length; at += 1) {
      if (boundaries.has(at)) expect(() => readComponentTypes(real.subarray(0, at))).not.toThrow();
      else refused(real.subarray(0, at));
    }
  });

  test("a section longer than the bytes left, an unknown section, bytes left over in a section", () => {
    expect(refused(component([sectionIds.type, 0x7f, 0x01]))).toMatch(/type section declares 127 bytes/);
    expect(refused(component(section(13, [])))).toMatch(/unknown component section id 13/);
    expect(refused(component(section(sectionIds.type, [...vector([[valueTypes.string]]), 0x00])))).toMatch(
      /unexpected bytes at the end of the type section/,
    );
  });

  test("counts are bounded by the bytes that remain", () => {
    expect(refused(component(section(sectionIds.type, u32(0xffffffff))))).toMatch(/does not fit/);
    expect(refused(component(section(sectionIds.type, [0x01, 0x72, ...u32(1_000_000)])))).toMatch(/does not fit/);
  });

  test("a name that is not UTF-8", () => {
    const bad = [0x00, 0x02, 0xc3, 0x28, 0x01, 0x00];
    expect(
      refused(component(section(sectionIds.type, vector([funcType([])])), section(sectionIds.import, vector([bad])))),
    ).toMatch(/not valid UTF-8/);
  });
});

describe("references", () => {
  test("a type may only refer to types before it", () => {
    expect(refused(component(section(sectionIds.type, vector([[0x70, ...s33(0)]]))))).toMatch(/value type 0/);
    expect(refused(component(section(sectionIds.export, vector([exportType("t", 0)]))))).toMatch(
      /type index 0 is out of range/,
    );
  });

  test("an outer alias past the outermost scope", () => {
    const alias = [0x03, 0x02, ...u32(1), ...u32(0)];
    expect(refused(component(section(sectionIds.alias, vector([alias]))))).toMatch(/past the outermost/);
  });

  test("a function type where a value type must be", () => {
    const types = vector([funcType([]), [0x70, ...s33(0)], funcType([s33(1)])]);
    const bytes = component(section(sectionIds.type, types), section(sectionIds.import, vector([importFunc("f", 2)])));
    expect(refused(bytes)).toMatch(/a func type is used where a value type must be/);
  });

  test("named results, from an older encoding", () => {
    const named = [0x40, ...vector([]), 0x01, ...vector([[...name("r"), valueTypes.u32]])];
    expect(refused(component(section(sectionIds.type, vector([named]))))).toMatch(/named results/);
  });

  test("canonical built-ins of the async ABI", () => {
    expect(refused(component(section(sectionIds.canon, vector([[0x09, 0x01, 0x00, 0x00]]))))).toMatch(
      /canonical built-in 0x9/,
    );
  });
});

describe("work is bounded", () => {
  test("types shared many times over expand past the budget", () => {
    // t0 = u32; t(i+1) = tuple<t(i), t(i)>: 2^60 nodes written out.
    const levels = 60;
    const types: number[][] = [[valueTypes.u32]];
    for (let i = 0; i < levels; i++) types.push([0x6f, ...vector([s33(i), s33(i)])]);
    types.push(funcType([s33(levels)]));
    const bytes = component(
      section(sectionIds.type, vector(types)),
      section(sectionIds.import, vector([importFunc("f", levels + 1)])),
    );
    expect(refused(bytes)).toMatch(new RegExp(`past ${componentLimits.maxResolveSteps} steps`));
  });

  test("a chain of aliases longer than the depth allowed", () => {
    // Each export of a type is a new type equal to it: 5000 links, then a function that uses the last.
    const links = 5000;
    const exports = Array.from({ length: links }, (_, i) => exportType(`t${i}`, i));
    const bytes = component(
      section(sectionIds.type, vector([[valueTypes.u32]])),
      section(sectionIds.export, vector(exports)),
      section(sectionIds.type, vector([funcType([s33(links)])])),
      section(sectionIds.import, vector([importFunc("f", links + 1)])),
    );
    expect(refused(bytes)).toMatch(new RegExp(`deeper than ${componentLimits.maxResolveDepth} levels`));
  });

  test("components nested deeper than allowed", () => {
    let inner: number[] = [...preamble];
    for (let i = 0; i < componentLimits.maxScopeDepth + 2; i++)
      inner = [...preamble, ...section(sectionIds.component, inner)];
    expect(refused(new Uint8Array(inner))).toMatch(/nest deeper than 32 levels/);
  });

  test("instance types nested deeper than allowed", () => {
    // (type (instance (type (instance …)))): each declaration list holds one type declaration.
    let type: number[] = [0x42, ...vector([])];
    for (let i = 0; i < componentLimits.maxScopeDepth + 2; i++) type = [0x42, ...vector([[0x01, ...type]])];
    expect(refused(component(section(sectionIds.type, vector([type]))))).toMatch(/nest deeper/);
  });
});

test("a component nested within the limits is read", () => {
  let inner: number[] = [...preamble];
  for (let i = 0; i < 5; i++) inner = [...preamble, ...section(sectionIds.component, inner)];
  expect(readComponentTypes(new Uint8Array(inner))).toEqual({
    size: inner.length,
    exports: [],
    functions: [],
    imports: [],
  });
});

test("an exported core module, with its type ascribed, is listed as one", () => {
  // (core module (;0;)) (export "m" (core module 0) (core module (type 0)))
  const coreModule = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const exported = [0x00, ...name("m"), 0x00, 0x11, 0x00, 0x01, 0x00, 0x11, 0x00];
  const bytes = component(section(1, coreModule), section(sectionIds.export, vector([exported])));
  expect(readComponentTypes(bytes).exports).toEqual([{ name: "m", kind: "core-module" }]);
});
