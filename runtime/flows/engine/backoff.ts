import type { RetryPolicy } from "../../tasks/index.js";

/**
 * The wait before attempt `failed + 1`, after `failed` attempts failed: exponential
 * (`initialDelayMs × backoffFactor^(failed-1)`, capped at `maxDelayMs`) with "equal jitter" — half
 * the delay fixed, half random — so retries of many runs spread out but still back off.
 */
export function retryDelay(policy: RetryPolicy, failed: number, random: () => number = Math.random): number {
  const exponential = policy.initialDelayMs * policy.backoffFactor ** Math.max(0, failed - 1);
  const capped = Math.min(policy.maxDelayMs, exponential);
  return Math.round(capped / 2 + random() * (capped / 2));
}

/**
 * The wait before retrying a step whose attempt just failed with `code`, its `failures`-th
 * failure; undefined when its policy does not retry that code or its attempts are used up.
 */
export function retryAfter(
  policy: RetryPolicy,
  code: string,
  failures: number,
  random: () => number = Math.random,
): number | undefined {
  if (!policy.retryOn.includes(code) || failures >= policy.maxAttempts) return undefined;
  return retryDelay(policy, failures, random);
}

/** Resolves after `ms`, or at once when `signal` aborts (the caller checks why it woke). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
