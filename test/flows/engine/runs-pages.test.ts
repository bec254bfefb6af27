import Database from "better-sqlite3";
import { expect, test } from "vitest";
import { UsageError } from "../../../runtime/errors/index.js";
import type { RunSummary } from "../../../runtime/flows/index.js";
import { migrations, runCountsQuery, runListQuery } from "../../../runtime/store/index.js";
import { openHarness } from "./harness.js";

const addFlow = {
  name: "pages-add",
  input: { n: "s32", d: "s32" },
  // Dividing by a zero `d` fails the step's input mapping, and so the run.
  steps: [{ id: "one", task: "add", input: { a: "input.n / input.d", b: 1 } }],
  output: { total: "steps.one.output" },
};

/** Every page of `list`, followed through its cursors. */
function allPages(list: (after?: string) => { runs: RunSummary[]; next?: string }): RunSummary[][] {
  const pages: RunSummary[][] = [];
  let after: string | undefined;
  do {
    const page = list(after);
    pages.push(page.runs);
    after = page.next;
  } while (after !== undefined && pages.length < 100);
  return pages;
}

test("runs come a page at a time, newest first, each once, and a cursor keeps its place as runs are added", async () => {
  const h = await openHarness();
  const flow = await h.addFlow(addFlow);
  const ids: string[] = [];
  for (let n = 0; n < 7; n += 1) ids.push((await h.wf.runFlow(flow, { n, d: 1 })).id);
  const newestFirst = [...ids].reverse();

  const pages = allPages((after) => h.wf.runs.page({ flow, limit: 3, ...(after === undefined ? {} : { after }) }));
  expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
  expect(pages.flat().map((run) => run.id)).toEqual(newestFirst);
  expect(h.wf.runs.list({ flow, limit: 3 }).map((run) => run.id)).toEqual(newestFirst.slice(0, 3));

  // A run started after the first page was read is newer than its cursor: the next page is unchanged.
  const first = h.wf.runs.page({ flow, limit: 3 });
  await h.wf.runFlow(flow, { n: 99, d: 1 });
  const second = h.wf.runs.page({ flow, limit: 3, after: first.next as string });
  expect(second.runs.map((run) => run.id)).toEqual(newestFirst.slice(3, 6));

  // Exactly a page's worth left: no cursor to an empty page.
  expect(h.wf.runs.page({ flow, limit: 8 }).next).toBeUndefined();
});

test("a page is filtered by status and start time, and bad bounds, sizes or cursors are usage errors", async () => {
  const h = await openHarness();
  const flow = await h.addFlow(addFlow);
  const before = new Date(Date.now() - 1000);
  const ok = await h.wf.runFlow(flow, { n: 1, d: 1 });
  const failed = await h.wf.runFlow(flow, { n: 1, d: 0 });
  expect(failed.status).toBe("failed");

  expect(h.wf.runs.page({ flow, status: "failed" }).runs.map((run) => run.id)).toEqual([failed.id]);
  expect(h.wf.runs.page({ flow, status: "succeeded" }).runs.map((run) => run.id)).toEqual([ok.id]);
  expect(h.wf.runs.page({ flow, since: before }).runs).toHaveLength(2);
  expect(h.wf.runs.page({ flow, until: before.toISOString() }).runs).toEqual([]);
  expect(h.wf.runs.page({ flow, since: new Date(Date.now() + 60_000) }).runs).toEqual([]);

  for (const bad of [
    () => h.wf.runs.page({ limit: 0 }),
    () => h.wf.runs.page({ limit: 1001 }),
    () => h.wf.runs.page({ limit: 2.5 }),
    () => h.wf.runs.page({ after: "not a cursor" }),
    () => h.wf.runs.page({ after: Buffer.from('{"a":1}').toString("base64url") }),
    () => h.wf.runs.page({ since: "yesterday" }),
    () => h.wf.runs.page({ until: "2026-13-45" }),
  ]) {
    expect(bad).toThrow(UsageError);
  }
});

test("every filter's page is read in order from an index: its cost does not grow with the runs stored", () => {
  const db = new Database(":memory:");
  for (const migration of migrations) db.exec(migration);
  const at = { createdAt: "2026-12-06T10:00:00.000Z", id: "x" };
  const filters = [
    {},
    { status: "failed" as const },
    { flow: "f" },
    { status: "failed" as const, flow: "f" },
    { since: "2026-12-01T00:00:00.000Z", until: "2026-12-07T00:00:00.000Z" },
    { flow: "f", since: "2026-12-01T00:00:00.000Z" },
  ];
  for (const filter of filters) {
    for (const before of [undefined, at]) {
      const { text, params } = runListQuery({ ...filter, ...(before === undefined ? {} : { before }), limit: 10 });
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${text}`).all(params) as { detail: string }[]).map(
        (row) => row.detail,
      );
      // A plan that sorts (a temporary B-tree) or scans the table without an index reads every run.
      expect({ filter, before, plan }).toEqual({
        filter,
        before,
        plan: [expect.stringMatching(/USING (COVERING )?INDEX/)],
      });
    }
  }
  db.close();
});

test("runs by flow and status (the metrics' gauge) are counted from an index, not by reading every run's row", () => {
  const db = new Database(":memory:");
  for (const migration of migrations) db.exec(migration);
  const plan = (db.prepare(`EXPLAIN QUERY PLAN ${runCountsQuery}`).all() as { detail: string }[]).map((r) => r.detail);
  expect(plan).toEqual(["SCAN runs USING COVERING INDEX runs_by_flow_status"]);
  db.close();
});
