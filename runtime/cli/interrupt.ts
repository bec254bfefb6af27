import type { Output } from "./output.js";

export interface Interrupt {
  /** True once Ctrl-C was pressed. */
  readonly pressed: boolean;
  /** Removes the handler: Ctrl-C is Node's default again. */
  release(): void;
}

/**
 * Ctrl-C during a run. The first press cancels it: `abort` fires, the engine commits the request at
 * once, stops the calls in flight and records the run `cancelled`. The cancel is decided there and
 * then: a second press, for a cancel still finishing, only stops waiting — `exitNow` records the
 * run cancelled in one synchronous write and exits, so either way the run ends cancelled (never
 * left resumable after the user asked to cancel it).
 */
export function cancelOnInterrupt(abort: AbortController, out: Output, exitNow: () => void): Interrupt {
  let presses = 0;
  const onSignal = (): void => {
    presses += 1;
    if (presses > 1) {
      exitNow();
      return;
    }
    out.progress("cancelling the run… (Ctrl-C again exits without waiting for its calls to stop)");
    abort.abort();
  };
  process.on("SIGINT", onSignal);
  return {
    get pressed() {
      return presses > 0;
    },
    release: () => process.off("SIGINT", onSignal),
  };
}
