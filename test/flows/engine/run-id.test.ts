import { expect, test } from "vitest";
import { newRunId } from "../../../runtime/flows/engine/run-id.js";

test("run ids are base-36 milliseconds and 10 hex digits, unique, and sort by creation time", async () => {
  const first = Array.from({ length: 10_000 }, newRunId);
  for (const id of first) expect(id).toMatch(/^[0-9a-z]{9}-[0-9a-f]{10}$/);
  expect(new Set(first).size).toBe(first.length);
  await new Promise((resolve) => setTimeout(resolve, 5));
  const later = newRunId();
  for (const id of first) expect(id < later).toBe(true);
});
