import { expect, test } from "vitest";
import { didYouMean, meant, nearest, suggest } from "../../runtime/errors/index.js";

test.each([
  ["cuont", ["count", "score", "slug"], ["count"]],
  ["wrods", ["words", "vowels"], ["words"]],
  ["ouput", ["output", "error"], ["output"]],
  ["u23", ["s32", "u32", "s64", "u64"], ["u32"]],
  ["Count", ["count"], ["count"]],
  ["word-cuont", ["word-count", "score"], ["word-count"]],
  ["hihg", ["high", "low"], ["high"]],
  ["s33", ["s32", "s64"], ["s32"]],
])("%s is probably %j", (word, known, expected) => {
  expect(meant(word, known)).toEqual(expected);
});

test.each([
  ["x", ["y", "z"]],
  ["nosuch", ["add", "fib", "score", "slugify", "word-count"]],
  ["ab", ["cd"]],
])("%s is close to none of %j", (word, known) => {
  expect(meant(word, known)).toEqual([]);
});

test("names equally close are all offered, at most three, in the order given", () => {
  expect(meant("ab", ["ac", "xb", "ad", "ae"])).toEqual(["ac", "xb", "ad"]);
  expect(didYouMean(["a"])).toBe('did you mean "a"?');
  expect(didYouMean(["a", "b"])).toBe('did you mean "a" or "b"?');
  expect(didYouMean(["a", "b", "c"])).toBe('did you mean "a", "b" or "c"?');
});

test("with nothing close, the known names are listed: all of a few, the nearest of many", () => {
  expect(suggest("nosuch", ["score", "add", "fib"], "tasks")).toEqual({
    names: [],
    text: "the known tasks: add, fib, score",
  });
  const many = ["add", "checksum", "fib", "flaky", "profile", "score", "slugify", "word-count"];
  expect(nearest("nosuch", many, 2)).toHaveLength(2);
  expect(suggest("zzzzzzzz", many, "tasks").text).toMatch(
    /^the nearest known tasks: [a-z-]+(, [a-z-]+){4} \(8 in all\)$/,
  );
  expect(suggest("x", [], "tasks")).toEqual({ names: [], text: "" });
});

test("ten thousand known names are searched quickly", () => {
  const known = Array.from({ length: 10_000 }, (_, i) => `step_${i}`);
  const started = performance.now();
  for (let i = 0; i < 100; i++) meant(`stpe_${i}`, known);
  expect(meant("stpe_42", known)).toEqual(["step_42"]);
  expect(performance.now() - started).toBeLessThan(2000);
});
