import { beforeAll, expect, test } from "vitest";
import { type PreparedModule, runPlainCall } from "../../../runtime/sandbox/instance/index.js";
import { compileAssemblyScript } from "./assemblyscript.js";
import { expectError, expectOk, prepareBytes } from "./helpers.js";

const source = `
export function shout(text: string): string { return text.toUpperCase() + "!"; }
export function echo(text: string): string { return text; }
export function join(a: string, b: string, n: i32): string { return a + "|" + b + "|" + n.toString(); }
export function reverse(data: ArrayBuffer): ArrayBuffer {
  const input = Uint8Array.wrap(data);
  const out = new Uint8Array(input.length);
  for (let i = 0; i < input.length; i++) out[i] = input[input.length - 1 - i];
  return out.buffer;
}
export function view(n: i32): Uint8Array { const a = new Uint8Array(n); for (let i = 0; i < n; i++) a[i] = <u8>i; return a.subarray(1); }
export function list(n: i32): Array<u8> { const a = new Array<u8>(); for (let i = 0; i < n; i++) a.push(<u8>(i * 2)); return a; }
export function fixed(n: i32): StaticArray<u8> { const a = new StaticArray<u8>(n); a[0] = 9; return a; }
export function words(n: i32): Uint32Array { return new Uint32Array(n); }
export function negate(flag: bool): bool { return !flag; }
export function repeat(n: i32): string { return "ab".repeat(n); }
`;

let prepared: PreparedModule;
beforeAll(async () => {
  const bytes = await compileAssemblyScript(source, [
    "--runtime",
    "stub",
    "--exportRuntime",
    "--importMemory",
    "--maximumMemory",
    "16",
  ]);
  prepared = prepareBytes(bytes);
}, 60_000);

const strings = { params: ["string"], result: "string" } as const;

test.each([
  ["ASCII", "hello", "HELLO!"],
  ["non-ASCII", "grüße", "GRÜSSE!"],
  ["astral characters", "🙂 ok", "🙂 OK!"],
  ["an empty string", "", "!"],
])("a string with %s crosses both ways", (_name, input, expected) => {
  expect(expectOk(runPlainCall(prepared, "shout", [input], strings))).toBe(expected);
});

test.each([
  ["a long string", "xyz".repeat(10_000)],
  ["lone surrogates", "a\ud800b\udc00c"],
  ["long text with a lone surrogate", `${"x".repeat(500)}\ud800`],
])("%s comes back exactly as it went in", (_name, text) => {
  expect(expectOk(runPlainCall(prepared, "echo", [text], strings))).toBe(text);
});

test("several string and number arguments keep their order", () => {
  const signature = { params: ["string", "string", "number"], result: "string" } as const;
  expect(expectOk(runPlainCall(prepared, "join", ["a", "b", 7], signature))).toBe("a|b|7");
});

test("bytes go in as an ArrayBuffer and come back as a Uint8Array copy", () => {
  const output = expectOk(
    runPlainCall(prepared, "reverse", [new Uint8Array([1, 2, 3, 4])], { params: ["bytes"], result: "bytes" }),
  );
  expect(output).toEqual(new Uint8Array([4, 3, 2, 1]));
});

test.each([
  ["a Uint8Array view", "view", [1, 2, 3, 4]],
  ["an Array<u8>", "list", [0, 2, 4, 6, 8]],
  ["a StaticArray<u8>", "fixed", [9, 0, 0, 0, 0]],
])("a bytes result may be %s", (_name, entry, expected) => {
  const output = expectOk(runPlainCall(prepared, entry, [5], { params: ["number"], result: "bytes" }));
  expect([...(output as Uint8Array)]).toEqual(expected);
});

test("a bytes result of 32-bit words is a GUEST_PROTOCOL_ERROR", () => {
  expectError(runPlainCall(prepared, "words", [2], { params: ["number"], result: "bytes" }), "GUEST_PROTOCOL_ERROR");
});

test("a string result where bytes are expected is a GUEST_PROTOCOL_ERROR naming its class", () => {
  const error = expectError(
    runPlainCall(prepared, "echo", ["x"], { params: ["string"], result: "bytes" }),
    "GUEST_PROTOCOL_ERROR",
  );
  expect(error.details.id).toBe(2);
});

test("booleans cross as 0 and 1", () => {
  const signature = { params: ["bool"], result: "bool" } as const;
  expect(expectOk(runPlainCall(prepared, "negate", [true], signature))).toBe(false);
  expect(expectOk(runPlainCall(prepared, "negate", [false], signature))).toBe(true);
});

test("a string result over maxOutputBytes is OUTPUT_TOO_LARGE", () => {
  const outcome = runPlainCall(
    prepared,
    "repeat",
    [1_000],
    { params: ["number"], result: "string" },
    {
      maxOutputBytes: 1_000,
    },
  );
  expect(expectError(outcome, "OUTPUT_TOO_LARGE").details).toEqual({ actual: 4_000, limit: 1_000 });
});
