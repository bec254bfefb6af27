import { spawnSync } from "node:child_process";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { Output } from "../../runtime/cli/output.js";

// An unexpected error — a bug of ours — reaches a user as INTERNAL: a plain message, exit code 1,
// one JSON document with --json, and its stack only when asked for with --verbose.

function capture(): { stream: Writable; text: () => string } {
  let text = "";
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

const stackLine = /^\s+at .+:\d+:\d+\)?$/m;

describe("an error that is not one of ours", () => {
  test("is INTERNAL with its message and no stack", () => {
    const out = capture();
    const err = capture();
    const code = new Output(true, out.stream, err.stream).error(new TypeError("cannot read properties of undefined"));
    expect(code).toBe(1);
    const document = JSON.parse(out.text()) as { error: { code: string; message: string } };
    expect(document.error.code).toBe("INTERNAL");
    expect(document.error.message).toContain("TypeError: cannot read properties of undefined");
    expect(document.error.message).toContain("--verbose");
    expect(out.text()).not.toMatch(stackLine);
  });

  test("carries its stack with --verbose", () => {
    const out = capture();
    new Output(true, out.stream, capture().stream, true).error(new RangeError("boom"));
    const document = JSON.parse(out.text()) as { error: { details: { stack: string } } };
    expect(document.error.details.stack).toMatch(stackLine);
  });

  test("prints one line to stderr without --json", () => {
    const err = capture();
    new Output(false, capture().stream, err.stream).error("a thrown string");
    expect(err.text().trim().split("\n")).toHaveLength(1);
    expect(err.text()).toContain("[INTERNAL]");
  });
});

describe("an error nothing catches in a CLI process", () => {
  const lastResort = fileURLToPath(new URL("../../dist/runtime/cli/last-resort.js", import.meta.url));
  const script = (body: string) => `
    const { installLastResort } = await import(${JSON.stringify(lastResort)});
    installLastResort(process.argv);
    ${body}`;

  test.each([
    ["thrown from a callback", 'setTimeout(() => { throw new RangeError("from a timer"); });'],
    ["a rejected promise no one awaits", 'Promise.reject(new Error("nobody waits"));'],
  ])("%s: INTERNAL, exit 1, one JSON document, no stack", (_name, body) => {
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", script(body), "--", "--json"], {
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(child.status).toBe(1);
    expect(JSON.parse(child.stdout)).toMatchObject({ error: { code: "INTERNAL" } });
    expect(child.stderr).not.toMatch(stackLine);
  });
});
