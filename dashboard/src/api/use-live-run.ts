import { useCallback, useEffect, useState } from "react";
import { applyEvents, type RunView, runViewOf } from "../shape/run-view.js";
import { asWasmflowError } from "./use-data.js";
import type { FlowEvent, RunDetails, WasmflowClient, WasmflowError } from "./wasmflow.js";

export interface LiveRun {
  readonly details?: RunDetails;
  readonly view?: RunView;
  readonly error?: WasmflowError;
  /** Loads the run again from the server, and follows it again if it goes on. */
  reload(): void;
}

/** Outputs, logs and attempts come with the details only: re-read this often at most while events arrive. */
const detailsEveryMs = 750;

interface Loaded {
  readonly runId: string;
  readonly details?: RunDetails;
  readonly view?: RunView;
  readonly error?: WasmflowError;
}

interface Sink {
  details(details: RunDetails): void;
  view(view: RunView): void;
  error(error: WasmflowError): void;
}

/**
 * A run as it goes: its stored details, and the view its events keep up to date. Events are
 * applied once per animation frame, however many arrive in it, so a run of thousands of steps
 * re-renders at most at the display's rate; the details are re-read (throttled) as events come,
 * and once when the run ends. Everything stops on unmount or when `runId` changes.
 */
export function useLiveRun(client: WasmflowClient, runId: string): LiveRun {
  const [loaded, setLoaded] = useState<Loaded>({ runId });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((count) => count + 1), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `reload` bumps `generation` to start over.
  useEffect(() => {
    // Another run's state is dropped at once; the same run's stays shown while it is read again.
    const own = (current: Loaded): Loaded => (current.runId === runId ? current : { runId });
    setLoaded((current) => {
      if (current.runId !== runId) return { runId };
      if (current.error === undefined) return current;
      const { error: _dropped, ...kept } = current;
      return kept;
    });
    return followRun(client, runId, {
      details: (details) => setLoaded((current) => ({ ...own(current), details })),
      view: (view) => setLoaded((current) => ({ ...own(current), view })),
      error: (error) => setLoaded((current) => ({ ...own(current), error })),
    });
  }, [client, runId, generation]);

  const current = loaded.runId === runId ? loaded : undefined;
  return {
    ...(current?.details === undefined ? {} : { details: current.details }),
    ...(current?.view === undefined ? {} : { view: current.view }),
    ...(current?.error === undefined ? {} : { error: current.error }),
    reload,
  };
}

const finished = new Set<RunDetails["status"]>(["succeeded", "failed", "cancelled"]);

/** Loads a run and follows its events into `sink`; returns what stops it. */
function followRun(client: WasmflowClient, runId: string, sink: Sink): () => void {
  const controller = new AbortController();
  const { signal } = controller;
  let view: RunView | undefined;
  let queued: FlowEvent[] = [];
  let frame: number | undefined;
  let refresh: ReturnType<typeof setTimeout> | undefined;
  let lastRead = Number.NEGATIVE_INFINITY;
  let reading = false;
  let readAgain = false;

  const fail = (error: unknown): void => {
    if (!signal.aborted) sink.error(asWasmflowError(error));
  };

  // One read at a time: a slow answer never lands after a newer one.
  const readDetails = async (): Promise<void> => {
    if (reading) {
      readAgain = true;
      return;
    }
    reading = true;
    lastRead = Date.now();
    try {
      const details = await client.runs.show(runId);
      if (!signal.aborted) sink.details(details);
    } catch (error) {
      fail(error);
    } finally {
      reading = false;
      if (readAgain && !signal.aborted) {
        readAgain = false;
        void readDetails();
      }
    }
  };

  const readSoon = (): void => {
    if (refresh !== undefined || signal.aborted) return;
    refresh = setTimeout(
      () => {
        refresh = undefined;
        void readDetails();
      },
      Math.max(0, lastRead + detailsEveryMs - Date.now()),
    );
  };

  const flush = (): void => {
    frame = undefined;
    if (view === undefined || signal.aborted) return;
    const batch = queued;
    queued = [];
    const next = applyEvents(view, batch);
    if (next === view) return;
    view = next;
    sink.view(view);
  };

  const follow = async (): Promise<void> => {
    lastRead = Date.now();
    const details = await client.runs.show(runId);
    if (signal.aborted) return;
    sink.details(details);
    let initial = runViewOf(details, 0);
    if (!finished.has(details.status)) {
      // The history so far, applied at once: the view shows no replay of states already left behind.
      const history: FlowEvent[] = [];
      for await (const event of client.runs.events(runId, { follow: false, signal })) history.push(event);
      if (signal.aborted) return;
      initial = applyEvents(initial, history);
    }
    view = initial;
    sink.view(view);
    if (finished.has(view.status)) {
      // It ended after the details were read: they hold less than the events told.
      if (!finished.has(details.status)) await readDetails();
      return;
    }
    for await (const event of client.runs.events(runId, { after: view.lastSeq, signal })) {
      queued.push(event);
      frame ??= requestAnimationFrame(flush);
      readSoon();
    }
    if (signal.aborted) return;
    // The stream ends at the run's final event: its last state, outputs and logs are stored by now.
    clearTimeout(refresh);
    refresh = undefined;
    await readDetails();
  };

  follow().catch(fail);

  return () => {
    controller.abort();
    if (frame !== undefined) cancelAnimationFrame(frame);
    clearTimeout(refresh);
  };
}
