import type { Output } from "./output.js";

/**
 * Ctrl-C during a run: the first press cancels it cleanly (calls stopped, run recorded as
 * cancelled); a second press exits at once, leaving the run interrupted for `runs resume`.
 * Returns a function that removes the handler.
 */
export function cancelOnInterrupt(abort: AbortController, out: Output): () => void {
  const onSignal = (): void => {
    if (abort.signal.aborted) process.exit(130);
    out.progress("cancelling the run… (press Ctrl-C again to exit now and resume it later)");
    abort.abort();
  };
  process.on("SIGINT", onSignal);
  return () => process.off("SIGINT", onSignal);
}
