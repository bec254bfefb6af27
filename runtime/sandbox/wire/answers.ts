import type { CallResponse, LogRecord, SerializedRunError } from "../protocol.js";

/**
 * The answers of a batch, or of the part of it a worker has finished, laid out like the batch
 * (see `call-batch.ts`): one buffer with the numbers of every answer, then the byte outputs (sdk,
 * ptr-len) back to back; log messages in one array. Only plain outputs and errors travel as values.
 */
export interface AnswerMessage {
  readonly type: "answers";
  readonly seq: number;
  /** The last answers of the batch: the worker is free again. */
  readonly final: boolean;
  readonly count: number;
  /** `answerFields` float64 per answer (see `Field`), then the byte outputs. */
  readonly buffer: ArrayBuffer;
  /** Per log record, its level's index in `levels` then its message; null when no answer has logs. */
  readonly logs: readonly (number | string)[] | null;
  /** Per answer, the plain output or the error; null when no answer has one. */
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
const initialOutputBytes = 4096;
const initialAnswers = 32;
const keptOutputBytes = 1 << 20;

/** Collects a worker's answers until they are posted; `take` hands them over and starts anew. */
export class AnswerWriter {
  private header = new Float64Array(initialAnswers * answerFields);
  private count = 0;
  /** Byte outputs back to back; a call's output may be a view of guest memory, copied here at once. */
  private output = new Uint8Array(initialOutputBytes);
  private outputBytes = 0;
  private logs: (number | string)[] = [];
  private values: unknown[] | null = null;

  get size(): number {
    return this.count;
  }

  /** `bytes`: the output is bytes (sdk, ptr-len) to copy into the shared buffer; a plain output travels as a value. */
  add(index: number, response: CallResponse, bytes: boolean): void {
    const k = this.size;
    let status: number = Status.error;
    let offset = 0;
    let length = 0;
    let instantiateUs = 0;
    let callUs = 0;
    if (response.status === "ok") {
      instantiateUs = response.timings.instantiateUs;
      callUs = response.timings.callUs;
      if (bytes && response.output instanceof Uint8Array) {
        status = Status.bytes;
        offset = this.outputBytes;
        length = response.output.byteLength;
        this.copyOutput(response.output);
      } else {
        status = Status.value;
        this.value(k, response.output);
      }
    } else if (response.status === "error") {
      this.value(k, response.error);
    } else {
      status = Status.needModule;
    }
    const logs = response.status === "need-module" ? noLogs : response.logs;
    for (const record of logs) this.logs.push(levels.indexOf(record.level), record.message);
    const dropped = response.status === "need-module" ? 0 : response.droppedLogs;
    if ((k + 1) * answerFields > this.header.length) {
      const grown = new Float64Array(this.header.length * 2);
      grown.set(this.header);
      this.header = grown;
    }
    const at = k * answerFields;
    const h = this.header;
    h[at + Field.index] = index;
    h[at + Field.status] = status;
    h[at + Field.offset] = offset;
    h[at + Field.length] = length;
    h[at + Field.instantiateUs] = instantiateUs;
    h[at + Field.callUs] = callUs;
    h[at + Field.droppedLogs] = dropped;
    h[at + Field.logCount] = logs.length;
    this.count = k + 1;
  }

  take(seq: number, final: boolean): AnswerMessage {
    const count = this.size;
    const start = count * answerFields * 8;
    const buffer = new ArrayBuffer(start + this.outputBytes);
    new Float64Array(buffer, 0, count * answerFields).set(this.header.subarray(0, count * answerFields));
    new Uint8Array(buffer, start).set(this.output.subarray(0, this.outputBytes));
    const message: AnswerMessage = {
      type: "answers",
      seq,
      final,
      count,
      buffer,
      logs: this.logs.length === 0 ? null : this.logs,
      values: this.values,
    };
    this.count = 0;
    this.outputBytes = 0;
    // One large output must not keep a large buffer for every later batch.
    if (this.output.length > keptOutputBytes) this.output = new Uint8Array(initialOutputBytes);
    this.logs = [];
    this.values = null;
    return message;
  }

  private copyOutput(bytes: Uint8Array): void {
    const end = this.outputBytes + bytes.byteLength;
    if (end > this.output.length) {
      const grown = new Uint8Array(Math.max(end, this.output.length * 2));
      grown.set(this.output.subarray(0, this.outputBytes));
      this.output = grown;
    }
    this.output.set(bytes, this.outputBytes);
    this.outputBytes = end;
  }

  private value(k: number, value: unknown): void {
    this.values ??= [];
    this.values[k] = value;
  }
}

/**
 * Calls `onAnswer` with the index in its batch and the response of every answer in `message`.
 * Byte outputs are views of the message's buffer, to be decoded or copied, not kept.
 */
export function readAnswers(message: AnswerMessage, onAnswer: (index: number, response: CallResponse) => void): void {
  const h = new Float64Array(message.buffer, 0, message.count * answerFields);
  const outputs = message.count * answerFields * 8;
  let log = 0;
  for (let k = 0, at = 0; k < message.count; k++, at += answerFields) {
    const status = h[at + Field.status] as number;
    const logCount = h[at + Field.logCount] as number;
    let logs = noLogs;
    if (logCount > 0 && message.logs !== null) {
      const records: LogRecord[] = new Array(logCount);
      for (let r = 0; r < logCount; r++, log += 2) {
        records[r] = { level: levels[message.logs[log] as number] ?? "info", message: message.logs[log + 1] as string };
      }
      logs = records;
    }
    const droppedLogs = h[at + Field.droppedLogs] as number;
    let response: CallResponse;
    if (status === Status.bytes || status === Status.value) {
      const output =
        status === Status.bytes
          ? new Uint8Array(message.buffer, outputs + (h[at + Field.offset] as number), h[at + Field.length] as number)
          : message.values?.[k];
      const timings = { instantiateUs: h[at + Field.instantiateUs] as number, callUs: h[at + Field.callUs] as number };
      response = { status: "ok", output, logs, droppedLogs, timings };
    } else if (status === Status.error) {
      response = { status: "error", error: message.values?.[k] as SerializedRunError, logs, droppedLogs };
    } else {
      response = { status: "need-module", hash: "" };
    }
    onAnswer(h[at + Field.index] as number, response);
  }
}
