import { WasmflowError } from "./wasmflow-error.js";

/** What a path named instead of a regular file. */
export type FileKind = "directory" | "FIFO" | "socket" | "character device" | "block device" | "special file";

/** Thrown when a path wasmflow reads names a directory, FIFO, socket or device instead of a regular file. */
export class FileNotRegularError extends WasmflowError {
  static override readonly brand = "wasmflow.FileNotRegularError";
  readonly path: string;
  readonly kind: FileKind;
  constructor(path: string, kind: FileKind) {
    super("FILE_NOT_REGULAR", `${path} is a ${kind}, not a regular file`, { details: { path, kind } });
    this.path = path;
    this.kind = kind;
  }
}

/**
 * Thrown when a file is over the size cap of its kind (`what`: "modules", "input files"…).
 * `size` is what was seen: the size the file reported, or the bytes read when it grew while read.
 */
export class FileTooLargeError extends WasmflowError {
  static override readonly brand = "wasmflow.FileTooLargeError";
  readonly path: string;
  readonly size: number;
  readonly maxBytes: number;
  constructor(path: string, size: number, maxBytes: number, what: string) {
    super("FILE_TOO_LARGE", `${path} is larger than the ${maxBytes}-byte cap on ${what}`, {
      details: { path, size, maxBytes },
    });
    this.path = path;
    this.size = size;
    this.maxBytes = maxBytes;
  }
}
