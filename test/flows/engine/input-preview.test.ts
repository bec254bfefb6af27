import { expect, test } from "vitest";
import { inputPreviewLength, inputPreviewOf } from "../../../runtime/flows/engine/input-preview.js";
import { openHarness, slug } from "./harness.js";

// Lists show each run's input (the dashboard's runs page, `runs list --json`): a preview kept
// beside the run's row, so a page of runs reads no input blob.

test("a run's summary carries its input's JSON, cut short on a character boundary", async () => {
  const { wf, addFlow } = await openHarness();
  await addFlow({
    name: "echo",
    version: "1.0.0",
    input: { text: "string" },
    steps: [slug("s", {}, "input.text")],
    output: {},
  });
  const short = await wf.runFlow("echo", { text: "hello" });
  // 118 ASCII characters of JSON, then emoji (two UTF-16 units each): the cut falls after the first.
  const long = await wf.runFlow("echo", { text: `${"a".repeat(109)}${"😀".repeat(40)}` });
  const emoji = await wf.runFlow("echo", { text: "😀".repeat(200) });
  const previews = new Map(wf.runs.list({ flow: "echo" }).map((run) => [run.id, run.inputPreview]));
  expect(previews.get(short.id)).toBe('{"text":"hello"}');
  const cut = previews.get(long.id) ?? "";
  expect(Array.from(cut)).toHaveLength(inputPreviewLength);
  expect(cut.endsWith("😀…")).toBe(true);
  expect(cut).toBe(`{"text":"${"a".repeat(109)}😀…`);
  const allEmoji = previews.get(emoji.id) ?? "";
  expect(Array.from(allEmoji)).toHaveLength(inputPreviewLength);
  expect(allEmoji).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  // The page of runs and the one-row read say the same.
  expect(wf.runs.page({ flow: "echo" }).runs.find((run) => run.id === short.id)?.inputPreview).toBe('{"text":"hello"}');
});

test("64-bit integers and bytes appear as every answer maps them", () => {
  expect(inputPreviewOf({ n: 2n ** 63n, data: new Uint8Array([1, 2, 3]) })).toBe(
    '{"n":"9223372036854775808","data":"AQID"}',
  );
});
