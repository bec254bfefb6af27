import fc from "fast-check";
import { afterAll, expect, test } from "vitest";
import { TaskRunner, WorkerPool } from "../../../runtime/sandbox/index.js";
import { parseValueType } from "../../../runtime/values/index.js";
import { canonical, valuesOf } from "../../helpers/value-generators.js";
import { componentTask, everythingType } from "./fixture.js";

const pool = new WorkerPool({ threads: 1 });
const runner = new TaskRunner(pool);
afterAll(() => pool.close());

test("any value of a record of every kind crosses a real component in the pool and comes back equal", async () => {
  const type = parseValueType(everythingType);
  const task = await componentTask("echo-all-property", {
    export: "echo-all",
    input: everythingType,
    output: everythingType,
  });
  await fc.assert(
    fc.asyncProperty(valuesOf(type), async (value) => {
      const { output } = await runner.run(task, value);
      expect(canonical(type, output)).toEqual(canonical(type, value));
    }),
    { numRuns: 60 },
  );
});

test("reused, the same instance serves call after call", async () => {
  const task = await componentTask("echo-all-reused", {
    export: "echo-all",
    input: everythingType,
    output: everythingType,
  });
  const type = parseValueType(everythingType);
  const values = fc.sample(valuesOf(type), 20);
  for (const value of values) {
    const { output } = await runner.run(task, value, { instance: "reuse" });
    expect(canonical(type, output)).toEqual(canonical(type, value));
  }
});
