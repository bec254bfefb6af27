import { expect, test } from "vitest";
import { guestFrameLines } from "../../runtime/cli/guest-frames.js";
import { TaskRunError, UsageError } from "../../runtime/errors/index.js";

const at = (file: string, line: number, column: number) => ({ file, line, column });

test("a trap with no frame of the task's own says where it stopped before the calls that led there", () => {
  const error = new TaskRunError("TRAP", "trap: unreachable", {
    kind: "unreachable",
    frames: [
      at("~lib/rt/stub.ts", 40, 3),
      { ...at("tasks/x/index.entry.gen.ts", 13, 18), library: [at("g.ts", 1, 2)] },
    ],
  });
  expect(guestFrameLines(error)).toEqual([
    "  in ~lib/rt/stub.ts:40:3",
    "  called from tasks/x/index.entry.gen.ts:13:18 (g.ts:1:2)",
  ]);
});

test("nothing to add: one frame the message names, no frames, frames that are not data of that shape, other errors", () => {
  const source = at("tasks/x/index.ts", 3, 10);
  expect(guestFrameLines(new TaskRunError("TRAP", "trap: unreachable at …", { source, frames: [source] }))).toEqual([]);
  expect(guestFrameLines(new TaskRunError("TRAP", "trap: unreachable", { kind: "unreachable" }))).toEqual([]);
  expect(guestFrameLines(new TaskRunError("TRAP", "trap", { frames: [{ file: 1 }] }))).toEqual([]);
  expect(guestFrameLines(new UsageError("nope"))).toEqual([]);
});
