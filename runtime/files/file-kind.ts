import type { Stats } from "node:fs";
import type { FileKind } from "../errors/index.js";

/** What `stats` describe, or undefined for a regular file. */
export function irregularKind(stats: Stats): FileKind | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return "directory";
  if (stats.isFIFO()) return "FIFO";
  if (stats.isSocket()) return "socket";
  if (stats.isCharacterDevice()) return "character device";
  if (stats.isBlockDevice()) return "block device";
  return "special file";
}
