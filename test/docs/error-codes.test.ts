import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { errorCodes, issueCodes } from "../../runtime/errors/index.js";
import { errorCodesEnd, errorCodesSection, errorCodesStart } from "../../scripts/error-codes-doc.js";

// The code types are derived from the tables in runtime/errors/codes.ts, so no code can be used
// that is not listed there; these tests keep the README saying what those tables say.

const readme = readFileSync(fileURLToPath(new URL("../../README.md", import.meta.url)), "utf8");

test("the README's error-codes section is the one the code tables give (run `npm run docs` after changing them)", () => {
  const start = readme.indexOf(errorCodesStart);
  const end = readme.indexOf(errorCodesEnd) + errorCodesEnd.length;
  expect(start).toBeGreaterThan(-1);
  expect(readme.slice(start, end)).toBe(errorCodesSection());
});

test("every code the README names anywhere is a code wasmflow has", () => {
  const known = new Set([
    ...Object.values(errorCodes).flatMap((group) => Object.keys(group)),
    ...Object.values(issueCodes).flatMap((group) => Object.keys(group)),
  ]);
  // Environment variables (and a file kind) are written the same way.
  const environment = new Set([
    "NO_COLOR",
    "WASMFLOW_HOME",
    "WASMFLOW_SERVER",
    "WASMFLOW_TOKEN",
    "WASMFLOW_BUSY_TIMEOUT_MS",
    "FIFO",
  ]);
  const named = [...readme.matchAll(/`([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{4,})`/g)].map((match) => match[1] as string);
  expect(named.filter((code) => !known.has(code) && !environment.has(code))).toEqual([]);
});
