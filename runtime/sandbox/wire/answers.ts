import type { CallResponse, LogRecord } from "../protocol.js";

/**
 * The answers of a batch, or of the part of it a worker has finished, laid out like the batch
 * (see `call-batch.ts`): numbers in one `Float64Array`, sdk outputs back to back in one buffer,
 * log messages in one array. Only plain outputs and errors travel as values.
 */
export interface AnswerMessage {
  readonly type: "answers";
  readonly seq: number;
  /** The last answers of the batch: the worker is free again. */
  readonly final: boolean;
  /** `answerFields` numbers per answer, see `Field`. */
  readonly header: Float64Array;
  readonly output: Uint8Array;
  /** Per log record, its level's index in `levels` then its message. */
  readonly logs: readonly (number | string)[];
  /** Per answer, the plain output, the error or the hash a `need-module` asks for; null when none has one. */
  readonly values: readonly unknown[] | null;
}

const Field = {
  index: 0,
  status: 1,
  offset: 2,
  length: 3,
  instantiateUs: 4,
  callUs: 5,
  droppedLogs: 6,
  logCount: 7,
} as const;
const answerFields = 8;
const Status = { bytes: 0, value: 1, error: 2, needModule: 3 } as const;
const levels: readonly LogRecord["level"][] = ["debug", "info", "warn", "error"];
const noLogs: readonly LogRecord[] = Object.freeze([]);

/** Collects a worker's answers until they are posted; `take` hands them over and starts anew. */
export class AnswerWriter {
  private header: number[] = [];
  private outputs: Uint8Array[] = [];
  private outputBytes = 0;
  private logs: (number | string)[] = [];
  private values: unknown[] | null = null;

  get size(): number {
    return this.header.length / answerFields;
  }

  /** `sdk`: the output is MessagePack to copy into the shared buffer; a plain output travels as a value. */
  add(index: number, response: CallResponse, sdk: boolean): void {
    const k = this.size;
    let status: number = Status.error;
    let offset = 0;
    let length = 0;
    let instantiateUs = 0;
    let callUs = 0;
    if (response.status === "ok") {
      instantiateUs = response.timings.instantiateUs;
      callUs = response.timings.callUs;
      if (sdk && response.output instanceof Uint8Array) {
        status = Status.bytes;
        offset = this.outputBytes;
        length = response.output.byteLength;
        this.outputs.push(response.output);
        this.outputBytes += length;
      } else {
        status = Status.value;
        this.value(k, response.output);
      }
    } else if (response.status === "error") {
      this.value(k, response.error);
    } else {
      status = Status.needModule;
      this.value(k, response.hash);
    }
    const logs = response.status === "need-module" ? noLogs : response.logs;
    for (const record of logs) this.logs.push(levels.indexOf(record.level), record.message);
    const dropped = response.status === "need-module" ? 0 : response.droppedLogs;
    this.header.push(index, status, offset, length, instantiateUs, callUs, dropped, logs.length);
  }

  take(seq: number, final: boolean): AnswerMessage {
    const message: AnswerMessage = {
      type: "answers",
      seq,
      final,
      header: Float64Array.from(this.header),
      output: joinOutputs(this.outputs, this.outputBytes),
      logs: this.logs,
      values: this.values,
    };
    this.header = [];
    this.outputs = [];
    this.outputBytes = 0;
    this.logs = [];
    this.values = null;
    return message;
  }

  private value(k: number, value: unknown): void {
    this.values ??= [];
    this.values[k] = value;
  }
}

function joinOutputs(outputs: readonly Uint8Array[], total: number): Uint8Array {
  if (outputs.length === 1) return outputs[0] as Uint8Array;
  const joined = new Uint8Array(total);
  let at = 0;
  for (const output of outputs) {
    joined.set(output, at);
    at += output.byteLength;
  }
  return joined;
}

/**
 * Calls `onAnswer` with the index in its batch and the response of every answer in `message`.
 * sdk outputs are views of the message's buffer, to be decoded, not kept.
 */
export function readAnswers(message: AnswerMessage, onAnswer: (index: number, response: CallResponse) => void): void {
  const h = message.header;
  let log = 0;
  for (let k = 0, at = 0; at < h.length; k++, at += answerFields) {
    const status = h[at + Field.status] as number;
    const logCount = h[at + Field.logCount] as number;
    let logs = noLogs;
    if (logCount > 0) {
      const records: LogRecord[] = new Array(logCount);
      for (let r = 0; r < logCount; r++, log += 2) {
        records[r] = { level: levels[message.logs[log] as number] ?? "info", message: message.logs[log + 1] as string };
      }
      logs = records;
    }
    const droppedLogs = h[at + Field.droppedLogs] as number;
    let response: CallResponse;
    if (status === Status.bytes || status === Status.value) {
      const offset = h[at + Field.offset] as number;
      const output =
        status === Status.bytes
          ? message.output.subarray(offset, offset + (h[at + Field.length] as number))
          : message.values?.[k];
      const timings = { instantiateUs: h[at + Field.instantiateUs] as number, callUs: h[at + Field.callUs] as number };
      response = { status: "ok", output, logs, droppedLogs, timings };
    } else if (status === Status.error) {
      response = { status: "error", error: message.values?.[k] as never, logs, droppedLogs };
    } else {
      response = { status: "need-module", hash: message.values?.[k] as string };
    }
    onAnswer(h[at + Field.index] as number, response);
  }
}
