import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { cli } from "../helpers/cli.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

test("wasmflow bench names its suites and refuses an unknown one with exit code 2", () => {
  const result = cli(["bench", "--scope", "no-such-suite"], { cwd: root });
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/unknown suite "no-such-suite"; suites: task, flow, cold-start, scaling/);
});
