/**
 * Bounds on the work reading one component may take, whatever its bytes say. Counts and lengths
 * are bounded by the bytes that remain; these bound what the bytes cannot: how deep scopes nest,
 * how deep resolving a type recurses, and how much resolving does in all (shared types would
 * otherwise expand exponentially into the trees the reader returns).
 */
export const componentLimits = {
  /** Nested components, component types and instance types inside one another. */
  maxScopeDepth: 32,
  /** Steps of one resolution in progress: references followed plus types nested. */
  maxResolveDepth: 256,
  /** Steps of every resolution together: each reference followed and each type node built. */
  maxResolveSteps: 100_000,
} as const;
