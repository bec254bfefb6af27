// The worker-thread entry piscina loads: one ThreadRuntime per thread, one call per task.

import { ThreadRuntime } from "./instance/index.js";
import type { CallRequest, CallResponse } from "./protocol.js";

const runtime = new ThreadRuntime();

export default function runCall(request: CallRequest): CallResponse {
  return runtime.call(request);
}
