import { readFileSync } from "node:fs";
import { beforeAll, expect, test } from "vitest";
import { compileValueCodec, parseValueType, type ValueCodec } from "../../runtime/values/index.js";
import { fixtureModule } from "../build/fixture-modules.js";
import { callSdk } from "./sdk-host.js";

// The `shapes` fixture is a task written the way an author would: it switches on a variant's tag,
// builds results, variants and tuples with their constructors, tests and sets flags through their
// constants, compares an enum, turns a char into a string and back, and constructs a record and
// flags through the names the output gives them (which share the input's declarations).
let module: WebAssembly.Module;
let codec: ValueCodec;

beforeAll(async () => {
  module = await fixtureModule("shapes");
  const definition = JSON.parse(
    readFileSync(new URL("../fixtures/as/shapes/shapes.task.json", import.meta.url), "utf8"),
  );
  codec = compileValueCodec(parseValueType(definition.input), parseValueType(definition.output));
});

function run(input: unknown): unknown {
  const result = callSdk(module, "run", codec.encodeInput(input, 1 << 20));
  if (result.status !== "ok") throw new Error(`guest ${result.status}: ${JSON.stringify(result)}`);
  return codec.decodeOutput(result.output, 1 << 20);
}

test("a task reads variants, enums, flags and chars and builds results, variants, tuples and flags", () => {
  const output = run({
    shapes: [{ tag: "circle", val: 1 }, { tag: "rect", val: [3, 2] }, { tag: "empty" }],
    mode: "sum",
    separator: "|",
    access: { write: true },
    meta: { owner: "émile" },
  });
  expect(output).toEqual({
    areas: [
      { tag: "ok", val: Math.PI },
      { tag: "ok", val: 6 },
      { tag: "err", val: "shape 2 is empty" },
    ],
    total: Math.PI + 6,
    labels: "circle|rect|empty",
    access: { read: true, write: true, admin: false },
    meta: { owner: "ÉMILE" },
    biggest: { tag: "rect", val: [2, 3] },
    initial: "é",
  });
});

test("the other enum case, an astral char, every flag and no shapes", () => {
  const output = run({
    shapes: [
      { tag: "circle", val: 2 },
      { tag: "circle", val: 1 },
    ],
    mode: "largest",
    separator: "😀",
    access: { admin: true },
    meta: { owner: "" },
  });
  expect(output).toMatchObject({
    total: 4 * Math.PI,
    labels: "circle😀circle",
    access: { read: true, write: true, admin: true },
    biggest: { tag: "circle", val: 2 },
    initial: "?",
  });
  expect(run({ shapes: [], mode: "sum", separator: ",", access: {}, meta: { owner: "𝒜b" } })).toMatchObject({
    areas: [],
    total: 0,
    labels: "",
    biggest: null,
    initial: "𝒜",
  });
});
