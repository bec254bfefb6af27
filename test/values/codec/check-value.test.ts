import { describe, expect, test } from "vitest";
import { TaskRunError } from "../../../runtime/errors/index.js";
import { checkValue, compileValueCodec, fromJson, maxIssues, parseValueType } from "../../../runtime/values/index.js";

// The checks without the sandbox: a value's problems come back as data, the same problems a
// task call's INPUT_INVALID error carries.

const type = parseValueType({ name: "string", age: "u32", big: "s64", data: "bytes", tags: "list<string>" });
const codec = compileValueCodec(type);

function thrown(run: () => unknown): TaskRunError {
  try {
    run();
  } catch (error) {
    if (error instanceof TaskRunError) return error;
    throw error;
  }
  throw new Error("expected a TaskRunError");
}

describe("checkValue", () => {
  test("returns no issues for a value of the type", () => {
    expect(checkValue(type, { name: "a", age: 1, big: 2n, data: new Uint8Array(1), tags: ["x"] })).toEqual([]);
  });

  test("returns every problem, with its path, instead of throwing", () => {
    const issues = checkValue(type, { name: 1, age: -1, data: "AA==", tags: [1], extra: true });
    expect(issues.map((issue) => [issue.code, issue.path])).toEqual([
      ["UNKNOWN_FIELD", "input.extra"],
      ["WRONG_TYPE", "input.name"],
      ["OUT_OF_RANGE", "input.age"],
      ["MISSING_FIELD", "input.big"],
      ["WRONG_TYPE", "input.data"],
      ["WRONG_TYPE", "input.tags[0]"],
    ]);
  });

  test("gives the issues a task call's INPUT_INVALID error carries", () => {
    const value = { name: 1, age: 1.5, big: "7", data: null, tags: "x" };
    expect(thrown(() => codec.encodeInput(value, 1 << 20)).issues).toEqual(checkValue(type, value));
  });

  test("names paths from the root it is given", () => {
    expect(checkValue(parseValueType("list<u32>"), [1, "two"], "initial")[0]?.path).toBe("initial[1]");
  });

  test("stops at maxIssues", () => {
    expect(checkValue(parseValueType("list<u32>"), Array(maxIssues * 2).fill(-1))).toHaveLength(maxIssues);
  });
});

describe("fromJson", () => {
  test("returns the value JSON data stands for", () => {
    const json = { name: "a", age: 1, big: "9007199254740993", data: "AAE=", tags: [] };
    expect(fromJson(type, json)).toEqual({
      value: { name: "a", age: 1, big: 9007199254740993n, data: new Uint8Array([0, 1]), tags: [] },
    });
  });

  test("returns every problem, and whether there were more than it lists", () => {
    expect(fromJson(type, { name: "a", age: 1, big: "x", data: "%", tags: [] }, "initial")).toEqual({
      issues: [
        expect.objectContaining({ code: "WRONG_TYPE", path: "initial.big" }),
        expect.objectContaining({ code: "WRONG_TYPE", path: "initial.data" }),
      ],
      truncated: false,
    });
    const many = fromJson(parseValueType("list<u32>"), Array(maxIssues + 1).fill("x"));
    expect(many).toMatchObject({ truncated: true });
  });

  test("is what the codec's throwing fromJson reports as INPUT_INVALID", () => {
    const json = { name: 1, age: "1", big: 1.5, data: 7, tags: {} };
    const error = thrown(() => codec.fromJson(json));
    expect(error.code).toBe("INPUT_INVALID");
    expect(fromJson(type, json)).toEqual({ issues: error.issues, truncated: false });
  });
});
