import type { CallRequest, CallResponse } from "./protocol.js";

export interface SubmitOptions {
  /** Wall-clock limit for instantiation and call, in milliseconds. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/**
 * Something that runs calls: the worker pool, or the same code in the current thread (used to
 * check that both give equal results, and where threads are not wanted).
 */
export interface CallExecutor {
  submit(request: CallRequest, options: SubmitOptions): Promise<CallResponse>;
  close(): Promise<void>;
}
