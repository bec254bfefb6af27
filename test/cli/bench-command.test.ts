import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { cli } from "../helpers/cli.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

test("wasmflow bench names its suites and refuses an unknown one with exit code 2", () => {
  const result = cli(["bench", "--scope", "no-such-suite"], { cwd: root });
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/unknown suite "no-such-suite"; suites: task, flow, cold-start, scaling/);
});

test("the help of --scope lists exactly the suites the bench has", () => {
  const known = /suites: (.*)$/m.exec(cli(["bench", "--scope", "no-such-suite"], { cwd: root }).stderr)?.[1];
  // The help wraps long descriptions: the list runs to the next option.
  const listed = /--scope <suite>\s+one suite: ([\s\S]*?)\s+--json/.exec(
    cli(["bench", "--help"], { cwd: root }).stdout,
  )?.[1];
  expect(known?.split(", ").sort()).toEqual(listed?.split(/,\s+/).sort());
});
