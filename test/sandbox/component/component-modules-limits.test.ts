import { expect, test } from "vitest";
import { transpiledComponent } from "../../../runtime/components/index.js";
import { ComponentModules } from "../../../runtime/sandbox/component-module.js";
import { callsComponent, sha256 } from "./fixture.js";

// The host's compiled components are bounded by count and by the bytes of their core modules:
// one compiled under another memory maximum is another entry, which is what fills them here.

async function fixture() {
  const bytes = await callsComponent();
  const hash = sha256(bytes);
  const { cores } = await transpiledComponent(hash, () => bytes);
  const coreBytes = cores.reduce((sum, core) => sum + core.bytes.byteLength, 0);
  return { hash, bytes: () => bytes, coreBytes };
}

test("past its count, the least recently used compiled component is dropped and compiled again when asked for", async () => {
  const { hash, bytes } = await fixture();
  const modules = new ComponentModules({ maxEntries: 2 });
  const first = await modules.get(hash, bytes, 16);
  const second = await modules.get(hash, bytes, 17);
  expect(await modules.get(hash, bytes, 16)).toBe(first);
  await modules.get(hash, bytes, 18);
  expect(await modules.get(hash, bytes, 16)).toBe(first);
  expect(await modules.get(hash, bytes, 17)).not.toBe(second);
});

test("past its size, so is the least recently used one, however few are kept", async () => {
  const { hash, bytes, coreBytes } = await fixture();
  const modules = new ComponentModules({ maxEntries: 64, maxBytes: Math.floor(coreBytes * 1.5) });
  const first = await modules.get(hash, bytes, 16);
  expect(await modules.get(hash, bytes, 16)).toBe(first);
  await modules.get(hash, bytes, 17);
  expect(await modules.get(hash, bytes, 16)).not.toBe(first);

  const roomy = new ComponentModules({ maxEntries: 64, maxBytes: coreBytes * 2 });
  const kept = await roomy.get(hash, bytes, 16);
  await roomy.get(hash, bytes, 17);
  expect(await roomy.get(hash, bytes, 16)).toBe(kept);
});

test("a failed compile is not kept: the next call tries again", async () => {
  const { hash, bytes } = await fixture();
  const modules = new ComponentModules();
  // A maximum below the core module's initial memory cannot be imposed.
  await expect(modules.get(hash, bytes, 0)).rejects.toThrow();
  await expect(modules.get(hash, bytes, 0)).rejects.toThrow();
  await expect(modules.get(hash, bytes, 16)).resolves.toBeDefined();
});
