import { useEffect, useRef } from "react";
import type { FlowEvent, WasmflowClient } from "./wasmflow.js";

/**
 * Every run's events from now on (`GET /v1/events`), handed to `onEvents` at most once per
 * animation frame: a page following 200 busy runs redraws once a frame, not once an event.
 */
export function useFeed(
  client: WasmflowClient,
  onEvents: (events: readonly FlowEvent[]) => void,
  options: { readonly flow?: string; readonly enabled?: boolean } = {},
): void {
  const handler = useRef(onEvents);
  handler.current = onEvents;
  const { flow, enabled = true } = options;
  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    let pending: FlowEvent[] = [];
    let frame: number | undefined;
    const flush = () => {
      frame = undefined;
      const batch = pending;
      pending = [];
      if (batch.length > 0) handler.current(batch);
    };
    (async () => {
      try {
        for await (const { event } of client.feed({
          signal: controller.signal,
          ...(flow === undefined ? {} : { flow }),
        })) {
          pending.push(event);
          frame ??= requestAnimationFrame(flush);
        }
      } catch {
        // Aborted on unmount, or the server went away after the client's own reconnects: the
        // page keeps what it shows, and its next load reads the store again.
      }
    })();
    return () => {
      controller.abort();
      if (frame !== undefined) cancelAnimationFrame(frame);
    };
  }, [client, flow, enabled]);
}

/** Calls `fn` at most once per `ms`, the last call of a burst included (trailing). */
export function throttled(fn: () => void, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = 0;
  return () => {
    if (timer !== undefined) return;
    const wait = Math.max(0, last + ms - Date.now());
    timer = setTimeout(() => {
      timer = undefined;
      last = Date.now();
      fn();
    }, wait);
  };
}
