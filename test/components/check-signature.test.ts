import { beforeAll, describe, expect, test } from "vitest";
import { type ComponentCheck, checkComponent } from "../../runtime/components/index.js";
import type { Issue } from "../../runtime/errors/index.js";
import { parseValueType } from "../../runtime/values/index.js";
import { componentOfWorld } from "../helpers/components.js";

const wit = `package test:sig@0.1.0;

interface api {
  record meta { tags: list<string>, word-count: u32 }
  run: func(input: string) -> string;
  analyze: func(text: string, meta: meta) -> result<u32, string>;
}

world sig {
  enum color { red, light-blue }
  flags perms { read, write }
  record side { side: f64 }
  variant shape { circle(f64), square(side), none }
  record small { count: u8, name: string }

  export api;
  export echo: func(input: string) -> string;
  export pick: func(c: color, p: perms, s: shape) -> tuple<color, perms>;
  export fail-or: func(n: u32) -> result<u64, string>;
  export fail-unit: func(n: u32) -> result<_, string>;
  export fail-odd: func(n: u32) -> result<u32, s8>;
  export nothing-in: func() -> u32;
  export nothing-out: func(n: u32);
  export smalls: func(n: s8) -> u16;
  export small-field: func(r: small) -> u32;
  export later: async func(n: u32) -> u32;
  export blobs: func(b: list<u8>) -> list<list<u8>>;
  export options: func(o: option<option<u32>>) -> option<string>;
  export outcome: func(r: result<u32, string>) -> result;
}`;

let bytes: Uint8Array;
beforeAll(async () => {
  bytes = await componentOfWorld(wit, "sig");
});

function check(exportName: string, input: unknown, output: unknown): ComponentCheck {
  return checkComponent(bytes, {
    export: exportName,
    inputType: parseValueType(input),
    outputType: parseValueType(output),
  });
}

/** code, path, expected and actual of each issue: what a test pins down (messages are checked where they matter). */
function brief(result: ComponentCheck): Omit<Issue, "message">[] {
  return result.issues.map(({ message: _message, ...rest }) => rest);
}

describe("a definition that matches", () => {
  test("one parameter: the input is its type; the result's type is the output's", () => {
    const result = check("test:sig/api@0.1.0#run", "string", "string");
    expect(result.issues).toEqual([]);
    expect(result.binding).toEqual({
      export: "test:sig/api@0.1.0#run",
      jcoPath: ["test:sig/api@0.1.0", "run"],
      function: { params: [{ name: "input", type: { kind: "string" } }], result: { kind: "string" }, async: false },
      arguments: { kind: "input" },
      result: { kind: "value" },
    });
  });

  test("several parameters: the input's fields, in order, by their kebab-case names", () => {
    const result = check(
      "test:sig/api@0.1.0#analyze",
      { text: "string", meta: "record{tags: list<string>, word_count: u32}" },
      "u32",
    );
    expect(result.issues).toEqual([]);
    expect(result.binding?.arguments).toEqual({ kind: "fields", fields: ["text", "meta"] });
  });

  test("result<T, E> with an output of T: the ok value is the output, an err fails the call", () => {
    expect(check("fail-or", "u32", "u64").binding?.result).toEqual({ kind: "ok", error: { kind: "string" } });
    expect(check("fail-or", "u32", "result<u64, string>").binding?.result).toEqual({ kind: "value" });
  });

  test("every kind wasmflow has", () => {
    const shape = "variant{circle(f64), square(record{side: f64}), none}";
    expect(
      check(
        "pick",
        { c: "enum{red, light-blue}", p: "flags{read, write}", s: shape },
        "tuple<enum{red, light-blue}, flags{read, write}>",
      ).issues,
    ).toEqual([]);
    expect(check("blobs", "bytes", "list<bytes>").issues).toEqual([]);
    expect(check("options", "option<option<u32>>", "option<string>").issues).toEqual([]);
    expect(check("outcome", "result<u32, string>", "result").issues).toEqual([]);
  });
});

describe("the function", () => {
  test("missing: close names offered", () => {
    const result = check("ech", "string", "string");
    expect(brief(result)).toEqual([
      { code: "MISSING_EXPORT", path: "exports.ech", expected: "func ech", actual: "absent", suggestions: ["echo"] },
    ]);
    expect(result.issues[0]?.message).toBe('the component exports no function "ech"; did you mean "echo"?');
    expect(result.binding).toBeUndefined();
  });

  test("missing: a function of that name inside an exported interface is offered", () => {
    expect(check("run", "string", "string").issues[0]?.suggestions).toEqual(["test:sig/api@0.1.0#run"]);
  });

  test("missing, nothing close: the functions there are listed", () => {
    expect(check("zzzzzzzz", "string", "string").issues[0]?.message).toMatch(
      /^the component exports no function "zzzzzzzz"; the nearest known functions: .* \(15 in all\)$/,
    );
  });

  test("an interface named where a function must be", () => {
    expect(brief(check("test:sig/api@0.1.0", "string", "string"))).toEqual([
      {
        code: "EXPORT_KIND_MISMATCH",
        path: "exports.test:sig/api@0.1.0",
        expected: "func",
        actual: "instance",
        suggestions: ["test:sig/api@0.1.0#run", "test:sig/api@0.1.0#analyze"],
      },
    ]);
  });

  test("async", () => {
    expect(brief(check("later", "u32", "u32"))).toEqual([
      { code: "COMPONENT_TYPE_UNSUPPORTED", path: "exports.later", actual: "async func(n: u32) -> u32" },
    ]);
  });

  test("no parameters, no result", () => {
    expect(brief(check("nothing-in", "u32", "u32"))).toEqual([
      {
        code: "COMPONENT_SIGNATURE_UNSUPPORTED",
        path: "input",
        expected: "a function with at least one parameter",
        actual: "func() -> u32",
      },
    ]);
    expect(brief(check("nothing-out", "u32", "u32"))).toEqual([
      {
        code: "COMPONENT_SIGNATURE_UNSUPPORTED",
        path: "output",
        expected: "a function with a result",
        actual: "func(n: u32)",
      },
    ]);
  });
});

describe("parameters against the input", () => {
  const meta = "record{tags: list<string>, word_count: u32}";

  test("a field's type, at the narrowest path", () => {
    const result = check(
      "test:sig/api@0.1.0#analyze",
      { text: "string", meta: "record{tags: list<u32>, word_count: u32}" },
      "u32",
    );
    expect(brief(result)).toEqual([
      { code: "COMPONENT_TYPE_MISMATCH", path: "input.meta.tags[]", expected: "u32", actual: "string" },
    ]);
    expect(result.issues[0]?.message).toBe("is another type: the definition declares u32, the component has string");
  });

  test("names that match no parameter", () => {
    const result = check("test:sig/api@0.1.0#analyze", { body: "string", meta }, "u32");
    expect(brief(result)).toEqual([
      {
        code: "COMPONENT_TYPE_MISMATCH",
        path: "input",
        expected: "record{body: string, meta: record{tags: list<string>, word_count: u32}}",
        actual: "record{text: string, meta: record{tags: list<string>, word-count: u32}}",
      },
    ]);
    expect(result.issues[0]?.message).toMatch(
      /the component has no parameter body; the definition has no field for the component's parameter text/,
    );
  });

  test("another order", () => {
    const result = check("test:sig/api@0.1.0#analyze", { meta, text: "string" }, "u32");
    expect(result.issues.map((i) => [i.code, i.path])).toEqual([["COMPONENT_TYPE_MISMATCH", "input"]]);
    expect(result.issues[0]?.message).toMatch(/the parameters are in another order: the component's are text, meta/);
  });

  test("several parameters and an input that is not a record", () => {
    expect(brief(check("test:sig/api@0.1.0#analyze", "string", "u32"))).toEqual([
      {
        code: "COMPONENT_TYPE_MISMATCH",
        path: "input",
        expected: "string",
        actual: "record{text: string, meta: record{tags: list<string>, word-count: u32}}",
      },
    ]);
  });

  test("one parameter is the whole input, not a field of it", () => {
    const result = check("echo", { input: "string" }, "string");
    expect(brief(result)).toEqual([
      { code: "COMPONENT_TYPE_MISMATCH", path: "input", expected: "record{input: string}", actual: "string" },
    ]);
    expect(result.issues[0]?.message).toMatch(/one parameter, input, is the whole input.*declare input as string/);
  });

  test("enum cases, flags, variant payloads", () => {
    const result = check(
      "pick",
      {
        c: "enum{red, blue}",
        p: "flags{write, read}",
        s: "variant{circle(f64), square(record{side: f32}), none(u32)}",
      },
      "tuple<enum{red, light-blue}, flags{read, write}>",
    );
    expect(brief(result)).toEqual([
      {
        code: "COMPONENT_TYPE_MISMATCH",
        path: "input.c",
        expected: "enum{red, blue}",
        actual: "enum{red, light-blue}",
      },
      {
        code: "COMPONENT_TYPE_MISMATCH",
        path: "input.p",
        expected: "flags{write, read}",
        actual: "flags{read, write}",
      },
      { code: "COMPONENT_TYPE_MISMATCH", path: "input.s.val.side", expected: "f32", actual: "f64" },
      { code: "COMPONENT_TYPE_MISMATCH", path: "input.s.val", expected: "u32", actual: "no payload" },
    ]);
    expect(result.issues.map((i) => i.message)).toEqual([
      "the component has no case blue; the definition has no case light-blue: the definition declares enum{red, blue}, the component has enum{red, light-blue}",
      "the flags are in another order (the order is their index on the wire): the definition declares flags{write, read}, the component has flags{read, write}",
      "is another type: the definition declares f32, the component has f64",
      "case none: the definition declares u32, the component has no payload",
    ]);
  });

  test("variant cases that differ", () => {
    const result = check(
      "pick",
      { c: "enum{red, light-blue}", p: "flags{read, write}", s: "variant{circle(f64), none}" },
      "tuple<enum{red, light-blue}, flags{read, write}>",
    );
    expect(result.issues.map((i) => [i.path, i.message])).toEqual([
      [
        "input.s",
        "the definition has no case square: the definition declares variant{circle(f64), none}, the component has variant{circle(f64), square(record{side: f64}), none}",
      ],
    ]);
  });

  test("bytes against list<u8>, options, result sides", () => {
    expect(brief(check("blobs", "list<u32>", "list<bytes>"))).toEqual([
      { code: "COMPONENT_TYPE_MISMATCH", path: "input", expected: "list<u32>", actual: "list<u8>" },
    ]);
    expect(brief(check("options", "option<u32>", "option<string>"))).toEqual([
      { code: "COMPONENT_TYPE_MISMATCH", path: "input", expected: "option<u32>", actual: "option<option<u32>>" },
    ]);
    expect(brief(check("options", "option<option<s32>>", "option<string>"))).toEqual([
      { code: "COMPONENT_TYPE_MISMATCH", path: "input", expected: "option<s32>", actual: "option<u32>" },
    ]);
    expect(brief(check("outcome", "result<u32>", "result"))).toEqual([
      { code: "COMPONENT_TYPE_MISMATCH", path: "input.val", expected: "no payload", actual: "string" },
    ]);
  });

  test("WIT types wasmflow has none for", () => {
    expect(brief(check("smalls", "s32", "u32"))).toEqual([
      { code: "COMPONENT_TYPE_UNSUPPORTED", path: "input", actual: "s8" },
      { code: "COMPONENT_TYPE_UNSUPPORTED", path: "output", actual: "u16" },
    ]);
    expect(brief(check("small-field", { count: "u32", name: "string" }, "u32"))).toEqual([
      { code: "COMPONENT_TYPE_UNSUPPORTED", path: "input.count", actual: "u8" },
    ]);
  });
});

describe("the result against the output", () => {
  test("a tuple of another length", () => {
    const input = {
      c: "enum{red, light-blue}",
      p: "flags{read, write}",
      s: "variant{circle(f64), square(record{side: f64}), none}",
    };
    expect(brief(check("pick", input, "tuple<enum{red, light-blue}>"))).toEqual([
      {
        code: "COMPONENT_TYPE_MISMATCH",
        path: "output",
        expected: "tuple<enum{red, light-blue}>",
        actual: "tuple<enum{red, light-blue}, flags{read, write}>",
      },
    ]);
  });

  test("neither the result nor its ok side", () => {
    const result = check("fail-or", "u32", "u32");
    expect(brief(result)).toEqual([
      { code: "COMPONENT_TYPE_MISMATCH", path: "output", expected: "u32", actual: "u64" },
    ]);
    expect(result.issues[0]?.message).toMatch(/\(the ok side of result<u64, string>\)$/);
    expect(brief(check("fail-or", "u32", "result<u64, u32>"))).toEqual([
      { code: "COMPONENT_TYPE_MISMATCH", path: "output.val", expected: "u32", actual: "string" },
    ]);
  });

  test("a result whose ok side carries nothing", () => {
    const result = check("fail-unit", "u32", "u32");
    expect(brief(result)).toEqual([
      { code: "COMPONENT_TYPE_MISMATCH", path: "output", expected: "u32", actual: "result<_, string>" },
    ]);
    expect(check("fail-unit", "u32", "result<_, string>").issues).toEqual([]);
  });

  test("an error side wasmflow has no type for", () => {
    expect(brief(check("fail-odd", "u32", "u32"))).toEqual([
      { code: "COMPONENT_TYPE_UNSUPPORTED", path: "exports.fail-odd.result.err", actual: "s8" },
    ]);
  });
});

test("bytes that are no component are one issue", () => {
  const result = checkComponent(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]), {
    export: "run",
    inputType: parseValueType("string"),
    outputType: parseValueType("string"),
  });
  expect(brief(result)).toEqual([{ code: "MODULE_MALFORMED", path: "module", expected: "a WebAssembly component" }]);
  expect(result.issues[0]?.message).toMatch(/core WebAssembly module, not a component/);
  expect(result.types).toBeUndefined();
});
