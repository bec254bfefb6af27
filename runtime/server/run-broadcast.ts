import type { Wasmflow } from "../index.js";
import { sseFrame } from "./sse-frame.js";

/**
 * One run's history, read from the store once and shared by every stream that follows the run:
 * each event is serialized once, as its SSE frame, and each subscriber walks the frames from its
 * own position. A thousand clients on one busy run cost one store follower and one serialization
 * per event, not a thousand. The frames live while the run has subscribers.
 */
class RunFrames {
  /** The frame of the event numbered `seq` is `frames[seq - 1]`: a run's history has no gaps. */
  readonly frames: string[] = [];
  ended = false;
  failure: unknown;
  subscribers = 0;
  private readonly reading = new AbortController();
  private waiting: (() => void)[] = [];

  constructor(wf: Wasmflow, id: string, onIdle: () => void) {
    this.read(wf, id).finally(() => {
      this.ended = true;
      this.wake();
      if (this.subscribers === 0) onIdle();
    });
  }

  private async read(wf: Wasmflow, id: string): Promise<void> {
    try {
      for await (const event of wf.history(id, { signal: this.reading.signal })) {
        this.frames.push(sseFrame(String(event.seq), event));
        this.wake();
      }
    } catch (error) {
      this.failure = error;
    }
  }

  /** Resolves once there are frames past `index`, or the history has ended. */
  changed(index: number, signal: AbortSignal): Promise<void> {
    if (index < this.frames.length || this.ended || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        signal.removeEventListener("abort", done);
        resolve();
      };
      this.waiting.push(done);
      signal.addEventListener("abort", done, { once: true });
    });
  }

  stop(): void {
    this.reading.abort();
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }
}

/** How long a finished run's frames outlive their last subscriber. */
const keepFinishedMs = 5000;

/** The most frames one write carries. */
const framesPerWrite = 256;

/** The runs streamed now, each read once however many follow it. */
export class RunBroadcasts {
  private readonly runs = new Map<string, RunFrames>();

  constructor(private readonly wf: Wasmflow) {}

  /** The run's frames after sequence number `after`, then each new one, until the run ends or `signal` aborts. */
  async *follow(id: string, after: number, signal: AbortSignal): AsyncGenerator<string> {
    let shared = this.runs.get(id);
    if (shared === undefined) {
      const created: RunFrames = new RunFrames(this.wf, id, () => this.idle(id, created));
      shared = created;
      this.runs.set(id, shared);
    }
    const run = shared;
    run.subscribers += 1;
    try {
      let index = after;
      for (;;) {
        while (index < run.frames.length) {
          if (signal.aborted) return;
          // What has piled up since this stream's last write goes out as one write: a stream
          // behind the run catches up in a few writes, not one per event.
          const end = Math.min(run.frames.length, index + framesPerWrite);
          yield end === index + 1 ? (run.frames[index] as string) : run.frames.slice(index, end).join("");
          index = end;
        }
        if (run.ended) {
          if (run.failure !== undefined) throw run.failure;
          return;
        }
        await run.changed(index, signal);
        if (signal.aborted) return;
      }
    } finally {
      run.subscribers -= 1;
      if (run.subscribers === 0) this.idle(id, run);
    }
  }

  /**
   * A run nobody follows any more: a finished one's frames are kept a little while for the
   * clients that come to replay it (a page that opens it, a dashboard's many viewers), then let
   * go; an unfinished one stops being read at once.
   */
  private idle(id: string, run: RunFrames): void {
    const forget = (): void => {
      if (run.subscribers === 0 && this.runs.get(id) === run) this.runs.delete(id);
    };
    if (!run.ended) {
      run.stop();
      forget();
      return;
    }
    setTimeout(forget, keepFinishedMs).unref();
  }
}
