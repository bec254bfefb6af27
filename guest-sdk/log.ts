import { log as hostLog } from "./wasmflow";

/** Severity of a log line, as the host records it. */
export enum LogLevel {
  Debug = 0,
  Info = 1,
  Warn = 2,
  Error = 3,
}

/** Writes `message` to the task's log at `level`. */
export function logAt(level: LogLevel, message: string): void {
  const bytes = String.UTF8.encode(message);
  hostLog(level, changetype<usize>(bytes), bytes.byteLength);
}

/** Writes `message` to the task's log at info level. */
export function log(message: string): void {
  logAt(LogLevel.Info, message);
}

/** Writes `message` to the task's log at debug level. */
export function logDebug(message: string): void {
  logAt(LogLevel.Debug, message);
}

/** Writes `message` to the task's log at warn level. */
export function logWarn(message: string): void {
  logAt(LogLevel.Warn, message);
}

/** Writes `message` to the task's log at error level. */
export function logError(message: string): void {
  logAt(LogLevel.Error, message);
}
