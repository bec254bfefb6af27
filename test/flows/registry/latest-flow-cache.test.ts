import { join } from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "vitest";
import { databaseFileName } from "../../../runtime/store/index.js";
import { Wasmflow } from "../../../runtime/wasmflow.js";
import { openHarness, root, slug } from "../engine/harness.js";

// `flows.get("name")` keeps the latest revision between runs; these check it never serves a stale one.

const flowV = (text: string) => ({
  name: "cached",
  input: { text: "string" },
  steps: [slug("only", {}, `'${text}'`)],
  output: { slug: "steps.only.output" },
});

test("a revision added or removed through another connection of this process is seen at once", async () => {
  const h = await openHarness();
  const other = Wasmflow.open({ home: h.project.home, root });
  try {
    await h.addFlow(flowV("one"));
    expect(h.wf.flows.get("cached").revision).toBe(1);
    await other.addFlow(h.flowFile(flowV("two")));
    expect(h.wf.flows.get("cached").revision).toBe(2);
    other.flows.remove("cached@2");
    expect(h.wf.flows.get("cached").revision).toBe(1);
    other.flows.remove("cached");
    expect(() => h.wf.flows.get("cached")).toThrow(expect.objectContaining({ code: "FLOW_NOT_FOUND" }));
  } finally {
    await other.close();
  }
});

test("a run started after a new revision runs the new revision", async () => {
  const h = await openHarness();
  await h.addFlow(flowV("one"));
  expect((await h.wf.runFlow("cached", { text: "x" })).output).toEqual({ slug: "one" });
  await h.addFlow(flowV("two"));
  expect((await h.wf.runFlow("cached", { text: "x" })).output).toEqual({ slug: "two" });
});

test("a removal by a connection outside this process is seen within a millisecond", async () => {
  const h = await openHarness();
  await h.addFlow(flowV("one"));
  await h.addFlow(flowV("two"));
  expect(h.wf.flows.get("cached").revision).toBe(2);
  const outside = new Database(join(h.project.home, databaseFileName));
  outside
    .prepare("UPDATE flows SET removed_at = ? WHERE name = 'cached' AND revision = 2")
    .run(new Date().toISOString());
  outside.close();
  await new Promise((resolve) => setTimeout(resolve, 2));
  expect(h.wf.flows.get("cached").revision).toBe(1);
});
