import { type DependencyList, useCallback, useEffect, useState } from "react";
import { WasmflowError } from "./wasmflow.js";

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: WasmflowError | undefined;
  readonly loading: boolean;
  reload(): void;
}

/**
 * What `load` answers, loaded again when `deps` change or on `reload()`; an answer that arrives
 * after a newer load started is dropped, and the older request aborted.
 */
export function useData<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<WasmflowError | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [round, setRound] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when `load` changes.
  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    load(controller.signal).then(
      (value) => {
        if (controller.signal.aborted) return;
        setData(value);
        setError(undefined);
        setLoading(false);
      },
      (reason: unknown) => {
        if (controller.signal.aborted) return;
        setError(asWasmflowError(reason));
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [...deps, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { data, error, loading, reload };
}

/** What a request threw, as the error the client's own refusals are: unknown causes are INTERNAL. */
export function asWasmflowError(error: unknown): WasmflowError {
  if (error instanceof WasmflowError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new WasmflowError("INTERNAL", message, { cause: error });
}
