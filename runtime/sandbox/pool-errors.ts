import { TaskRunError } from "../errors/index.js";

/** The errors the pool settles calls with when they end other than by their worker's answer. */
export const poolErrors = {
  cancelled(): TaskRunError {
    return new TaskRunError("CANCELLED", "the call was cancelled");
  },

  closed(when: string): TaskRunError {
    return new TaskRunError("CANCELLED", `the pool was closed ${when}`);
  },

  queueFull(maxQueue: number): TaskRunError {
    return new TaskRunError("QUEUE_FULL", `the pool's queue is full (${maxQueue} calls waiting)`, { maxQueue });
  },

  cannotStart(error: Error): TaskRunError {
    return new TaskRunError("WORKER_CRASHED", `the pool's workers cannot start: ${error.message}`, {
      cause: error.message,
    });
  },

  /** The call was running when its worker stopped: stopped by the pool (`reason`), or dead of `error`. */
  stopped(task: string, timeoutMs: number, reason: "timeout" | "cancel" | undefined, error: Error | undefined) {
    if (reason === "timeout") {
      return new TaskRunError(
        "TIMEOUT",
        `task "${task}" ran past its ${timeoutMs} ms timeout; its worker was replaced`,
        { task, timeoutMs },
      );
    }
    if (reason === "cancel") {
      return new TaskRunError("CANCELLED", `task "${task}" was cancelled; its worker was replaced`, { task });
    }
    if ((error as { code?: unknown } | undefined)?.code === "ERR_WORKER_OUT_OF_MEMORY") {
      return new TaskRunError(
        "MEMORY_LIMIT",
        `task "${task}" made its worker's heap exceed its limit; the worker was replaced`,
        { task, heap: true },
      );
    }
    const message = error?.message ?? "it exited";
    return new TaskRunError("WORKER_CRASHED", `the worker running task "${task}" died: ${message}`, {
      task,
      cause: message,
    });
  },
};
