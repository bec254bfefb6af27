import type { CallExecutor } from "./executor.js";
import { ThreadRuntime } from "./instance/index.js";
import type { CallRequest, CallResponse } from "./protocol.js";

/**
 * Runs calls in the current thread with the same code the workers run. No timeout can stop
 * a guest here, so it is for trusted modules and for checking that pooled and in-thread runs
 * agree.
 */
export class InThreadExecutor implements CallExecutor {
  private readonly runtime = new ThreadRuntime();

  async submit(request: CallRequest): Promise<CallResponse> {
    return this.runtime.call(request);
  }

  async close(): Promise<void> {}
}
