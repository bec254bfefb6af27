import { expect, test } from "vitest";
import { UsageError } from "../../../runtime/errors/index.js";
import { type PoolOptions, WorkerPool } from "../../../runtime/sandbox/index.js";

// Every pool option is checked in the constructor, before a worker starts, with one clear line.
test.each([
  [{ threads: 0 }, "options.threads must be an integer from 1 to 256, got 0"],
  [{ threads: 1.5 }, "options.threads must be an integer from 1 to 256, got 1.5"],
  [{ maxQueue: -1 }, "options.maxQueue must be an integer from 0 to 10000000, got -1"],
  [{ workerHeapMb: 8 }, "options.workerHeapMb must be an integer from 16 to 65536, got 8"],
  [{ workerFile: 3 }, "options.workerFile must be a path or file URL string"],
  [{ revokeAfterMs: 0 }, "options.revokeAfterMs must be an integer from 1 to 60000, got 0"],
  [{ flushAfterMs: -1 }, "options.flushAfterMs must be an integer from 0 to 60000, got -1"],
  [{ flushAfterMs: "1" }, "options.flushAfterMs must be an integer from 0 to 60000, got 1"],
] as [Record<string, unknown>, string][])("%o → %s", (options, message) => {
  const create = () => new WorkerPool(options as PoolOptions);
  expect(create).toThrow(UsageError);
  expect(create).toThrow(message);
});
