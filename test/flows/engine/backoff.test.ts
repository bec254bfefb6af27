import fc from "fast-check";
import { expect, test } from "vitest";
import { retryDelay } from "../../../runtime/flows/engine/index.js";
import type { RetryPolicy } from "../../../runtime/tasks/index.js";

const policy = (overrides: Partial<RetryPolicy> = {}): RetryPolicy => ({
  maxAttempts: 10,
  initialDelayMs: 100,
  backoffFactor: 2,
  maxDelayMs: 10_000,
  retryOn: ["TIMEOUT"],
  ...overrides,
});
const full = () => 1;
const half = () => 0;

test("grows exponentially with the failures so far: initial × factor^(failed-1)", () => {
  expect([1, 2, 3, 4, 5].map((failed) => retryDelay(policy(), failed, full))).toEqual([100, 200, 400, 800, 1600]);
  expect([1, 2, 3].map((failed) => retryDelay(policy({ backoffFactor: 3, initialDelayMs: 10 }), failed, full))).toEqual(
    [10, 30, 90],
  );
});

test("a backoff factor of 1 keeps the delay constant", () => {
  expect([1, 2, 7].map((failed) => retryDelay(policy({ backoffFactor: 1 }), failed, full))).toEqual([100, 100, 100]);
});

test("is capped at maxDelayMs, however many attempts failed", () => {
  const capped = policy({ maxDelayMs: 500 });
  expect([3, 4, 5, 50].map((failed) => retryDelay(capped, failed, full))).toEqual([400, 500, 500, 500]);
  // Past float range the exponential is Infinity; the cap still holds.
  expect(retryDelay(policy({ backoffFactor: 100, maxDelayMs: 86_400_000 }), 500, full)).toBe(86_400_000);
  expect(retryDelay(policy({ initialDelayMs: 1000, maxDelayMs: 300 }), 1, full)).toBe(300);
});

test("equal jitter: random 0 gives half the delay, random 1 the full delay, 0.5 three quarters", () => {
  expect(retryDelay(policy(), 1, half)).toBe(50);
  expect(retryDelay(policy(), 1, full)).toBe(100);
  expect(retryDelay(policy(), 1, () => 0.5)).toBe(75);
  expect(retryDelay(policy({ maxDelayMs: 500 }), 9, half)).toBe(250);
});

test("an initial delay of 0 (or a cap of 0) retries at once", () => {
  expect(retryDelay(policy({ initialDelayMs: 0 }), 1, full)).toBe(0);
  expect(retryDelay(policy({ initialDelayMs: 0 }), 20, full)).toBe(0);
  expect(retryDelay(policy({ maxDelayMs: 0 }), 3, full)).toBe(0);
});

test("a failure count of 0 or less is treated as the first failure (no shrinking below initial)", () => {
  expect(retryDelay(policy(), 0, full)).toBe(100);
  expect(retryDelay(policy(), -3, full)).toBe(100);
});

test("property: the delay is a whole number in [capped/2, capped] and never decreases with more failures", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 86_400_000 }),
      fc.double({ min: 1, max: 100, noNaN: true }),
      fc.integer({ min: 0, max: 86_400_000 }),
      fc.integer({ min: 1, max: 100 }),
      fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
      (initialDelayMs, backoffFactor, maxDelayMs, failed, roll) => {
        const p = policy({ initialDelayMs, backoffFactor, maxDelayMs });
        const capped = Math.min(maxDelayMs, initialDelayMs * backoffFactor ** (failed - 1));
        const delay = retryDelay(p, failed, () => roll);
        expect(Number.isInteger(delay)).toBe(true);
        expect(delay).toBeGreaterThanOrEqual(Math.floor(capped / 2));
        expect(delay).toBeLessThanOrEqual(Math.ceil(capped));
        expect(delay).toBeLessThanOrEqual(maxDelayMs);
        // Same roll, one more failure: at least as long.
        expect(retryDelay(p, failed + 1, () => roll)).toBeGreaterThanOrEqual(delay);
      },
    ),
  );
});

test("uses Math.random when no random function is given, within the jitter bounds", () => {
  for (let i = 0; i < 50; i += 1) {
    const delay = retryDelay(policy(), 2);
    expect(delay).toBeGreaterThanOrEqual(100);
    expect(delay).toBeLessThanOrEqual(200);
  }
});
