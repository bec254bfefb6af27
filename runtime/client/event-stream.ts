import { EventSourceParserStream } from "eventsource-parser/stream";
import type { FlowEvent } from "../index.js";

/** The events after which a run's history has nothing more: the server ends the stream there. */
export const finalEventTypes: ReadonlySet<string> = new Set(["run-completed", "run-failed", "run-cancelled"]);

/** One server-sent event as the API sends it: the id is the event's place in its stream. */
export interface StreamMessage {
  readonly id: string | undefined;
  readonly data: string;
}

/** The server-sent events of one response body, parsed by eventsource-parser; comments are skipped. */
export async function* messagesOf(body: ReadableStream<Uint8Array>): AsyncGenerator<StreamMessage> {
  const text = body.pipeThrough(new TextDecoderStream() as unknown as ReadableWritablePair<string, Uint8Array>);
  const messages = text.pipeThrough(new EventSourceParserStream());
  const reader = messages.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield { id: value.id, data: value.data };
    }
  } finally {
    // Leaving early (a consumer's break, an abort) releases the connection.
    await reader.cancel().catch(() => undefined);
  }
}

/** A run event from its JSON: values in the JSON mapping (64-bit integers as strings, bytes as base64). */
export function eventOf(message: StreamMessage): FlowEvent {
  return JSON.parse(message.data) as FlowEvent;
}
