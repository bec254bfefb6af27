import type { LogRecord } from "../protocol.js";
import type { ResolvedLogLimits } from "./defaults.js";
import { address, decodeUtf8, inBounds } from "./guest-memory.js";

type Level = LogRecord["level"];

const levels: readonly Level[] = ["debug", "info", "warn", "error"];
const none: readonly LogRecord[] = Object.freeze([]);

/** The records of one call, bounded in count, per-message size and total size. */
export class LogSink {
  private records: LogRecord[] | undefined;
  private totalBytes = 0;
  private limits: ResolvedLogLimits;
  dropped = 0;

  constructor(limits: ResolvedLogLimits) {
    this.limits = limits;
  }

  reset(limits: ResolvedLogLimits): void {
    this.records = undefined;
    this.totalBytes = 0;
    this.dropped = 0;
    this.limits = limits;
  }

  /** Hands the records over; the sink starts a new list for the next call. */
  take(): readonly LogRecord[] {
    const records = this.records ?? none;
    this.records = undefined;
    return records;
  }

  /** `wasmflow.log`: a UTF-8 message in guest memory. Full sinks skip the decode. */
  pushGuest(levelCode: number, memory: WebAssembly.Memory | undefined, pointer: number, length: number): void {
    const level = levels[levelCode] ?? "info";
    if (this.full()) {
      this.dropped++;
      return;
    }
    const ptr = address(pointer);
    const len = address(length);
    if (memory === undefined || !inBounds(memory.buffer, ptr, len)) {
      this.push(level, `<message at ${ptr} with ${len} bytes is outside guest memory>`, 0);
      return;
    }
    const kept = Math.min(len, this.limits.maxMessageBytes);
    const text = decodeUtf8(memory.buffer, ptr, kept);
    this.push(level, kept < len ? `${text}… [${len - kept} bytes cut]` : text, kept);
  }

  /** A message already read on the host side (`env.trace`); `bytes` is what it counts against the total. */
  push(level: Level, message: string, bytes: number): void {
    if (this.full() || this.totalBytes + bytes > this.limits.maxTotalBytes) {
      this.dropped++;
      return;
    }
    this.totalBytes += bytes;
    this.records ??= [];
    this.records.push({ level, message });
  }

  private full(): boolean {
    return (this.records?.length ?? 0) >= this.limits.maxRecords;
  }
}
