import { expect, test } from "vitest";
import { type CommitSource, GroupCommit } from "../../runtime/store/index.js";

/** A transaction over an array: all of its writes or none; a write "bad" refuses the transaction. */
function arrayStore() {
  const rows: string[] = [];
  let transactions = 0;
  const commits = new GroupCommit<string>((writes) => {
    transactions += 1;
    const staged: string[] = [];
    writes((write) => {
      if (write === "bad") throw new Error("refused");
      staged.push(write);
    });
    rows.push(...staged);
  });
  return { rows, commits, transactions: () => transactions };
}

/** A run's writes as a journal hands them over: whatever waits when the commit takes them. */
function source(log: string[], name: string) {
  const waiting: string[] = [];
  const failures: unknown[] = [];
  const self: CommitSource<string> & { record(write: string): void; failures: unknown[] } = {
    failures,
    record(write) {
      waiting.push(write);
    },
    take() {
      const writes = waiting.splice(0);
      return { writes, afterCommit: () => log.push(`${name}: ${writes.join(",")}`) };
    },
    fail(error) {
      failures.push(error);
    },
  };
  return self;
}

test("one commit takes every enlisted run's writes as they stand when it runs, in order", async () => {
  const { rows, commits, transactions } = arrayStore();
  const log: string[] = [];
  const a = source(log, "a");
  const b = source(log, "b");
  a.record("a1");
  commits.submit(a);
  b.record("b1");
  commits.submit(b);
  // Recorded after enlisting, before the commit ran: taken by the same commit, a enlisted once.
  a.record("a2");
  commits.submit(a);
  await commits.committed();
  expect(transactions()).toBe(1);
  expect(rows).toEqual(["a1", "a2", "b1"]);
  expect(log).toEqual(["a: a1,a2", "b: b1"]);
});

test("a run whose write is refused fails alone: the others commit, and it learns nothing was written", async () => {
  const { rows, commits } = arrayStore();
  const log: string[] = [];
  const a = source(log, "a");
  const b = source(log, "b");
  a.record("a1");
  a.record("bad");
  commits.submit(a);
  b.record("b1");
  commits.submit(b);
  await commits.committed();
  expect(rows).toEqual(["b1"]);
  expect(log).toEqual(["b: b1"]);
  expect(a.failures).toHaveLength(1);
  expect(b.failures).toEqual([]);
});

test("committed resolves at once when nothing waits, and after the commit when something does", async () => {
  const { rows, commits } = arrayStore();
  await commits.committed();
  const a = source([], "a");
  a.record("a1");
  commits.submit(a);
  const done = commits.committed();
  expect(rows).toEqual([]);
  await done;
  expect(rows).toEqual(["a1"]);
});
