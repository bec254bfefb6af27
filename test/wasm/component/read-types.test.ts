import { beforeAll, describe, expect, test } from "vitest";
import {
  type ComponentTypes,
  formatWitFunction,
  formatWitType,
  readComponentTypes,
  type WitFunction,
} from "../../../runtime/wasm/index.js";
import { componentFixture, componentOfWorld } from "../../helpers/components.js";

// Components are built once per file: wit-component writes them as it does for real tasks.

const typesWit = `package test:types@0.1.0;

interface shapes {
  record stats { word-count: u32, longest: option<string>, tags: list<string> }
  variant shape { circle(f64), rect(tuple<f64, f64>), empty }
  analyze: func(input: string) -> stats;
  describe: func(s: shape) -> string;
}

world types {
  enum color { red, light-blue }
  flags perms { read, write, exec }
  type alias = u32;

  export shapes;
  export prims: func(a: bool, b: s32, c: u32, d: s64, e: u64, f: f32, g: f64, h: char, i: string) -> alias;
  export bytes: func(b: list<u8>) -> list<list<u8>>;
  export options: func(a: option<u32>, b: option<option<u32>>) -> option<string>;
  export tuples: func(t: tuple<s32, string>) -> tuple<string, s32>;
  export labels: func(c: color, p: perms) -> color;
  export results: func(a: result, b: result<u32>, c: result<_, string>) -> result<u32, string>;
  export nothing: func();
}`;

const unsupportedWit = `package test:unsupported@0.1.0;

interface res {
  resource blob { size: func() -> u32; }
}

world unsupported {
  use res.{blob};
  export small: func(a: s8, b: u8, c: s16, d: u16) -> u8;
  export handles: func(a: own<blob>, b: borrow<blob>) -> u32;
  export fixed: func(a: list<u32, 4>) -> u32;
  export later: async func(a: u32) -> u32;
  export streams: func(a: stream<u8>, b: future<u32>, c: future, d: stream) -> u32;
  export contexts: func(e: error-context) -> u32;
}`;

let types: ComponentTypes;
let unsupported: ComponentTypes;
let task: ComponentTypes;

beforeAll(async () => {
  types = readComponentTypes(await componentOfWorld(typesWit, "types"));
  unsupported = readComponentTypes(await componentOfWorld(unsupportedWit, "unsupported"));
  task = readComponentTypes(await componentFixture("task"));
});

function fn(from: ComponentTypes, path: string): WitFunction {
  const found = from.functions.find((f) => f.path === path);
  if (found === undefined) throw new Error(`no function ${path} in ${from.functions.map((f) => f.path).join(", ")}`);
  return found.type;
}

function text(from: ComponentTypes): Record<string, string> {
  return Object.fromEntries(from.functions.map((f) => [f.path, formatWitFunction(f.type)]));
}

describe("every WIT type, read from a component", () => {
  test("printed in wasmflow's syntax, named types inlined", () => {
    expect(text(types)).toEqual({
      "test:types/shapes@0.1.0#analyze":
        "func(input: string) -> record{word-count: u32, longest: option<string>, tags: list<string>}",
      "test:types/shapes@0.1.0#describe": "func(s: variant{circle(f64), rect(tuple<f64, f64>), empty}) -> string",
      prims: "func(a: bool, b: s32, c: u32, d: s64, e: u64, f: f32, g: f64, h: char, i: string) -> u32",
      bytes: "func(b: list<u8>) -> list<list<u8>>",
      options: "func(a: option<u32>, b: option<option<u32>>) -> option<string>",
      tuples: "func(t: tuple<s32, string>) -> tuple<string, s32>",
      labels: "func(c: enum{red, light-blue}, p: flags{read, write, exec}) -> enum{red, light-blue}",
      results: "func(a: result, b: result<u32>, c: result<_, string>) -> result<u32, string>",
      nothing: "func()",
    });
  });

  test("as data", () => {
    expect(fn(types, "test:types/shapes@0.1.0#analyze")).toEqual({
      params: [{ name: "input", type: { kind: "string" } }],
      result: {
        kind: "record",
        fields: [
          { name: "word-count", type: { kind: "u32" } },
          { name: "longest", type: { kind: "option", inner: { kind: "string" } } },
          { name: "tags", type: { kind: "list", element: { kind: "string" } } },
        ],
      },
      async: false,
    });
    expect(fn(types, "test:types/shapes@0.1.0#describe").params[0]?.type).toEqual({
      kind: "variant",
      cases: [
        { name: "circle", type: { kind: "f64" } },
        { name: "rect", type: { kind: "tuple", elements: [{ kind: "f64" }, { kind: "f64" }] } },
        { name: "empty" },
      ],
    });
    expect(fn(types, "labels").params.map((p) => p.type)).toEqual([
      { kind: "enum", cases: ["red", "light-blue"] },
      { kind: "flags", flags: ["read", "write", "exec"] },
    ]);
    expect(fn(types, "results").params.map((p) => p.type)).toEqual([
      { kind: "result" },
      { kind: "result", ok: { kind: "u32" } },
      { kind: "result", err: { kind: "string" } },
    ]);
    expect(fn(types, "bytes").params[0]?.type).toEqual({ kind: "list", element: { kind: "u8" } });
    expect(fn(types, "nothing")).toEqual({ params: [], async: false });
  });

  test("the types wasmflow has none for are read as they are", () => {
    expect(text(unsupported)).toEqual({
      small: "func(a: s8, b: u8, c: s16, d: u16) -> u8",
      handles: "func(a: own<blob>, b: borrow<blob>) -> u32",
      fixed: "func(a: list<u32, 4>) -> u32",
      later: "async func(a: u32) -> u32",
      streams: "func(a: stream<u8>, b: future<u32>, c: future, d: stream) -> u32",
      contexts: "func(e: error-context) -> u32",
    });
    expect(fn(unsupported, "fixed").params[0]?.type).toEqual({ kind: "list", element: { kind: "u32" }, length: 4 });
    expect(fn(unsupported, "handles").params.map((p) => p.type)).toEqual([
      { kind: "own", resource: "blob" },
      { kind: "borrow", resource: "blob" },
    ]);
    expect(fn(unsupported, "later").async).toBe(true);
  });
});

describe("exports", () => {
  test("an interface's functions are listed as interface#function, a world's own by name", () => {
    expect(task.functions.map((f) => f.path).sort()).toEqual([
      "roll",
      "shout",
      "swap",
      "wasmflow:task/run@0.1.0#count",
      "wasmflow:task/run@0.1.0#echo",
    ]);
    expect(task.exports).toContainEqual({ name: "wasmflow:task/run@0.1.0", kind: "instance" });
    expect(task.exports).toContainEqual({ name: "shout", kind: "func" });
    expect(formatWitFunction(fn(task, "wasmflow:task/run@0.1.0#count"))).toBe(
      "func(input: string) -> record{words: u32, chars: u32}",
    );
    expect(formatWitFunction(fn(task, "swap"))).toBe(
      "func(p: record{first: u32, second-one: u32}) -> record{first: u32, second-one: u32}",
    );
  });

  test("the size read is the component's", () => {
    expect(task.size).toBeGreaterThan(100);
  });
});

describe("imports", () => {
  test("interfaces with their functions, world functions, and world typedefs as eq-bounded types", () => {
    expect(task.imports).toEqual([
      {
        name: "wasmflow:task/host@0.1.0",
        kind: "instance",
        functions: [{ name: "now", type: { params: [], result: { kind: "u64" }, async: false } }],
        types: [],
      },
      { name: "pair", kind: "type", bound: "eq" },
      { name: "rand", kind: "func", type: { params: [], result: { kind: "u32" }, async: false } },
    ]);
  });

  test("an interface's resources are its types, and its methods its functions", () => {
    const res = unsupported.imports.find((i) => i.name === "test:unsupported/res@0.1.0");
    expect(res).toMatchObject({ kind: "instance", types: ["blob"] });
    expect(res?.kind === "instance" && res.functions.map((f) => `${f.name}: ${formatWitFunction(f.type)}`)).toEqual([
      "[method]blob.size: func(self: borrow<blob>) -> u32",
    ]);
    expect(unsupported.imports).toContainEqual({ name: "blob", kind: "type", bound: "eq" });
  });
});

test("formatWitType prints results and lists as declarations write them", () => {
  expect(formatWitType({ kind: "result", ok: { kind: "u32" } })).toBe("result<u32>");
  expect(formatWitType({ kind: "result", err: { kind: "u32" } })).toBe("result<_, u32>");
  expect(formatWitType({ kind: "result" })).toBe("result");
  expect(formatWitType({ kind: "stream" })).toBe("stream");
  expect(formatWitType({ kind: "list", element: { kind: "u8" } })).toBe("list<u8>");
});
