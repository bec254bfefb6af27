import { fileURLToPath, pathToFileURL } from "node:url";
import { expect, test } from "vitest";
import * as errors from "../../runtime/errors/index.js";
import { ExpressionError } from "../../runtime/flows/index.js";
import { ValueTypeSyntaxError } from "../../runtime/values/index.js";

// `instanceof` must hold for every error class across realms: two copies of wasmflow in one
// process (a library and a plugin each bundling it), or an error rebuilt elsewhere.

const classes = [
  ...Object.values(errors).filter(
    (value): value is typeof errors.WasmflowError =>
      typeof value === "function" && value.prototype instanceof Error && "brand" in value,
  ),
  ExpressionError,
  ValueTypeSyntaxError,
];

test("every error class has a brand of its own", () => {
  expect(classes.length).toBeGreaterThan(12);
  const brands = classes.map((cls) => (Object.hasOwn(cls, "brand") ? cls.brand : `${cls.name} has none`));
  expect(new Set(brands).size).toBe(classes.length);
});

test("an error from a second copy of the library is an instance of this copy's classes, and only of its own", async () => {
  const compiled = fileURLToPath(new URL("../../dist/runtime/errors/index.js", import.meta.url));
  // A query string makes Node load the module again: a separate copy of every class.
  const copy = (await import(`${pathToFileURL(compiled).href}?second-copy`)) as typeof errors;
  expect(copy.TaskRunError).not.toBe(errors.TaskRunError);
  const timeout = new copy.TaskRunError("TIMEOUT", "too slow");
  expect(timeout).toBeInstanceOf(errors.TaskRunError);
  expect(timeout).toBeInstanceOf(errors.WasmflowError);
  expect(timeout).not.toBeInstanceOf(errors.UsageError);
  const usage = new copy.UsageError("bad option");
  expect(usage).toBeInstanceOf(errors.UsageError);
  expect(usage).not.toBeInstanceOf(errors.TaskRunError);
  expect(new Error("plain")).not.toBeInstanceOf(errors.WasmflowError);
});
