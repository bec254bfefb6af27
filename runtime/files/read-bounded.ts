import { constants } from "node:fs";
import { type FileHandle, open, stat } from "node:fs/promises";
import { FileNotRegularError, FileTooLargeError } from "../errors/index.js";
import { irregularKind } from "./file-kind.js";

/** How much of one kind of file may be read, and how that kind is named in the refusal. */
export interface FileCap {
  readonly maxBytes: number;
  /** Plural, as in "the 1048576-byte cap on task definitions". */
  readonly what: string;
}

// O_NONBLOCK: opening a FIFO for reading otherwise waits for a writer, forever if none comes; it
// changes nothing for a regular file. O_NOCTTY: a terminal never becomes the controlling one.
// Both are undefined where the platform has no such flag.
const openFlags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

const growthBytes = 64 * 1024;

/**
 * Reads a whole regular file of at most `cap.maxBytes` bytes. Anything else is refused with a
 * `FileNotRegularError` (a directory, FIFO, socket or device, also behind a symlink) or a
 * `FileTooLargeError`, decided from the open handle so that the file read is the file checked,
 * and before a byte is read. A missing or unreadable path fails with Node's own error.
 */
export async function readBoundedFile(path: string, cap: FileCap): Promise<Buffer> {
  // Looked at before it is opened too: opening a device can do something of its own (a watchdog
  // starts counting, a tape rewinds), and opening a socket fails with a baffling ENXIO.
  refuseIrregular(path, irregularKind(await stat(path)));
  const handle = await open(path, openFlags);
  try {
    const info = await handle.stat();
    refuseIrregular(path, irregularKind(info));
    if (info.size > cap.maxBytes) throw new FileTooLargeError(path, info.size, cap.maxBytes, cap.what);
    return await readAtMost(handle, path, cap, info.size);
  } finally {
    await handle.close();
  }
}

/** `readBoundedFile`, decoded as UTF-8. */
export async function readBoundedText(path: string, cap: FileCap): Promise<string> {
  return (await readBoundedFile(path, cap)).toString("utf8");
}

function refuseIrregular(path: string, kind: ReturnType<typeof irregularKind>): void {
  if (kind !== undefined) throw new FileNotRegularError(path, kind);
}

// Reads to the end, but never more than one byte over the cap: the file may have grown since its
// size was read, and some (under /proc) report a size of 0 whatever they hold.
async function readAtMost(handle: FileHandle, path: string, cap: FileCap, expected: number): Promise<Buffer> {
  const limit = cap.maxBytes + 1;
  let buffer = Buffer.allocUnsafe(Math.min(expected + 1, limit));
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length === limit) throw new FileTooLargeError(path, length, cap.maxBytes, cap.what);
      const grown = Buffer.allocUnsafe(Math.min(limit, Math.max(2 * length, length + growthBytes)));
      buffer.copy(grown, 0, 0, length);
      buffer = grown;
    }
    const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
    if (bytesRead === 0) return buffer.subarray(0, length);
    length += bytesRead;
  }
}
