import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // WebAssembly and worker-thread tests are isolated per process, not per vm context.
    pool: "forks",
    globalSetup: ["test/global-setup.ts", "test/build/global-setup.ts"],

    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
