import { beforeAll, expect, test } from "vitest";
import { type PreparedModule, runPlainCall } from "../../../runtime/sandbox/instance/index.js";
import { compileAssemblyScript } from "./assemblyscript.js";
import { expectOk, prepareBytes, prepareWat } from "./helpers.js";

const noArgs = { params: [], result: "number" } as const;

let random: PreparedModule;
beforeAll(async () => {
  const bytes = await compileAssemblyScript(
    "export function roll(): f64 { return Math.random() + Math.random() * 1e-8; }",
    ["--runtime", "stub", "--importMemory", "--maximumMemory", "1"],
  );
  random = prepareBytes(bytes);
}, 60_000);

const roll = (seed?: number) =>
  expectOk(runPlainCall(random, "roll", [], noArgs, seed === undefined ? undefined : { seed })) as number;

test("Math.random in a guest replays the same value for the same seed, and the default seed is 0", () => {
  expect(roll()).toBe(roll());
  expect(roll(0)).toBe(roll());
  expect(roll(42)).toBe(roll(42));
});

test("different seeds give different random values", () => {
  const values = new Set([0, 1, 2, 42, -1, 0.5, 2 ** 40].map((seed) => roll(seed)));
  expect(values.size).toBe(7);
});

test("env.seed is a whole non-zero number below 2^53", async () => {
  const prepared = await prepareWat(
    `(module (import "env" "seed" (func $seed (result f64))) (func (export "f") (result f64) (call $seed)))`,
  );
  for (const seed of [0, 1, -1, 123.456, Number.MAX_VALUE]) {
    const value = expectOk(runPlainCall(prepared, "f", [], noArgs, { seed })) as number;
    expect(Number.isSafeInteger(value) && value > 0).toBe(true);
  }
});
