import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { ComponentTranspileError, transpileComponent } from "../../runtime/components/index.js";
import { callsComponent } from "../sandbox/component/fixture.js";

// jco-transpile runs in a thread of its own: the main thread keeps serving while it works, and a
// job that fails takes its thread with it, so nothing a hostile component does to the tool
// outlives that job.

const repo = fileURLToPath(new URL("../../", import.meta.url));

test("the main thread keeps running while a 12 MB component transpiles", async () => {
  // The JavaScript example, built by the global setup: the largest component there is.
  const bytes = new Uint8Array(readFileSync(`${repo}build/tasks/title-case.wasm`));
  let last = performance.now();
  let longestGap = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    longestGap = Math.max(longestGap, now - last);
    last = now;
  }, 5);
  const started = performance.now();
  try {
    const transpiled = await transpileComponent(bytes);
    expect(transpiled.cores.some((core) => core.bytes.byteLength > 10_000_000)).toBe(true);
  } finally {
    clearInterval(ticker);
  }
  // The gap up to the end counts too: a main thread blocked throughout never ticks at all.
  longestGap = Math.max(longestGap, performance.now() - last);
  const elapsed = performance.now() - started;
  // On the main thread the tool's synchronous work is one gap as long as the transpile itself.
  expect(longestGap).toBeLessThan(elapsed / 2);
}, 60_000);

test("the caller's bytes stay its own, a Node Buffer's too", async () => {
  // As a file is read: a Buffer over a whole ArrayBuffer of its own (small ones share a pool, which is never moved).
  const buffer = readFileSync(`${repo}build/tasks/char-classes.wasm`);
  const before = Buffer.from(buffer);
  await transpileComponent(buffer);
  expect(buffer.byteLength).toBe(before.byteLength);
  expect(buffer.equals(before)).toBe(true);
}, 60_000);

test("a component the tool refuses fails alone: the next one transpiles", async () => {
  const garbage = new Uint8Array([0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0, 0xff, 0xff]);
  await expect(transpileComponent(garbage)).rejects.toBeInstanceOf(ComponentTranspileError);
  await expect(transpileComponent(garbage)).rejects.toThrow(/jco could not transpile the component/);
  const transpiled = await transpileComponent(await callsComponent());
  expect(transpiled.bindings).toContain("instantiate");
}, 60_000);
