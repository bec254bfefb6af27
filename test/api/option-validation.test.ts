import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { UsageError } from "../../runtime/errors/index.js";
import { Wasmflow } from "../../runtime/wasmflow.js";
import { tempProject } from "../helpers/project.js";

// Every public entry checks what it is given at the door, one clear line each: a wrong option
// fails the call that gave it, as a UsageError, never later and never as a JavaScript TypeError.

const repository = fileURLToPath(new URL("../..", import.meta.url));

describe("Wasmflow.open", () => {
  test.each([
    ["x", 'options must be an object of options, got "x"'],
    [{ home: 42 }, "options.home must be a folder path (a non-empty string), got 42"],
    [{ home: "" }, 'options.home must be a folder path (a non-empty string), got ""'],
    [{ root: [] }, "options.root must be a folder path (a non-empty string), got an array"],
    [{ pool: 3 }, "options.pool must be an object of options, got 3"],
    [{ pool: { threads: 0 } }, "options.pool.threads must be an integer from 1 to 256, got 0"],
    [{ pool: { workerHeapMb: 1 } }, "options.pool.workerHeapMb must be an integer from 16 to 65536, got 1"],
    [{ resumeInterrupted: "yes" }, 'options.resumeInterrupted must be true or false, got "yes"'],
  ])("%o → %s", (options, message) => {
    const open = () => Wasmflow.open({ home: ":memory:", ...(options as object) });
    if (typeof options === "string") {
      expect(() => Wasmflow.open(options as never)).toThrow(UsageError);
      expect(() => Wasmflow.open(options as never)).toThrow(message);
      return;
    }
    expect(open).toThrow(UsageError);
    expect(open).toThrow(message);
  });
});

describe("the calls of an open runtime", () => {
  const project = tempProject("wf-options-");
  let wf: Wasmflow;
  beforeAll(async () => {
    wf = Wasmflow.open({ home: project.home, root: repository });
    await wf.addTasks([`${repository}/tasks/word-count/word-count.task.json`]);
  });
  afterAll(() => wf.close());

  const cases: [string, () => Promise<unknown>, string][] = [
    [
      "run: a task that is not a string",
      () => wf.run(42 as never, {}),
      "task must be a name, name@revision or file path",
    ],
    [
      "run: options that are not an object",
      () => wf.run("word-count", { text: "x" }, "fast" as never),
      'options must be an object of options, got "fast"',
    ],
    [
      "run: a timeout out of range",
      () => wf.run("word-count", { text: "x" }, { timeoutMs: 0 }),
      "options.timeoutMs must be an integer from 1 to",
    ],
    [
      "run: an unknown instance mode",
      () => wf.run("word-count", { text: "x" }, { instance: "shared" as never }),
      'options.instance must be "fresh" or "reuse"',
    ],
    [
      "runDefinition: a file that is not a string",
      () => wf.runDefinition(7 as never, {}),
      "file must be a name, name@revision or file path",
    ],
    [
      "startFlow: a flow that is not a string",
      () => wf.startFlow(undefined as never),
      "flow must be a name, name@revision or file path",
    ],
    [
      "startFlow: an empty idempotency key",
      () => wf.startFlow("f", undefined, { idempotencyKey: "" }),
      "options.idempotencyKey must be a string of 1 to 256 characters",
    ],
    [
      "startFlow: a signal that is not an AbortSignal",
      () => wf.startFlow("f", undefined, { signal: {} as never }),
      "options.signal must be an AbortSignal, got an object",
    ],
    [
      "startFlow: an onEvent that is not a function",
      () => wf.startFlow("f", undefined, { onEvent: 3 as never }),
      "options.onEvent must be a function, got 3",
    ],
    [
      "startFlow: an unknown format",
      () => wf.startFlow("f", undefined, { format: "xml" as never }),
      'options.format must be "value" or "json", got "xml"',
    ],
    ["cancelRun: an id that is not a string", () => wf.cancelRun(3 as never), "id must be a run id (a string)"],
    ["cancelRun: a negative wait", () => wf.cancelRun("r", -1), "waitMs must be a non-negative integer, got -1"],
    [
      "addTasks: files that are not an array",
      () => wf.addTasks("tasks/x.task.json" as never),
      "files must be an array of definition file paths",
    ],
    [
      "addFlow: a file that is not a string",
      () => wf.addFlow(null as never),
      "file must be a name, name@revision or file path",
    ],
  ];
  test.each(cases)("%s", async (_name, call, message) => {
    const error = await Promise.resolve()
      .then(call)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain(message);
  });

  test("resumeRuns checks its ids synchronously", () => {
    expect(() => wf.resumeRuns("abc" as never)).toThrow("ids must be an array of run ids (strings)");
  });
});
