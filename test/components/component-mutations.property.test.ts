import fc from "fast-check";
import { afterAll, expect, test } from "vitest";
import { TaskValidationError } from "../../runtime/errors/index.js";
import { Store } from "../../runtime/store/index.js";
import { parseTaskDefinition, TaskRegistry } from "../../runtime/tasks/index.js";
import { callsComponent } from "../sandbox/component/fixture.js";

const store = Store.open({ home: ":memory:" });
const registry = new TaskRegistry(store);
afterAll(() => store.close());

const definition = parseTaskDefinition({
  name: "mutated",
  abi: "component",
  module: "c.wasm",
  export: "wasmflow:task/run@0.1.0#run",
  input: "string",
  output: "string",
});

test("mutated component bytes are registered or refused with TASK_INVALID, never anything else", async () => {
  const original = await callsComponent();
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant("flip" as const), at: fc.nat(original.length - 1), byte: fc.nat(255) }),
    fc.record({ kind: fc.constant("cut" as const), at: fc.nat(original.length - 1), byte: fc.constant(0) }),
  );
  await fc.assert(
    fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
      let bytes = original.slice();
      for (const m of mutations) {
        if (m.kind === "cut") bytes = bytes.slice(0, Math.min(m.at, bytes.length));
        else if (m.at < bytes.length) bytes[m.at] = m.byte;
      }
      try {
        await registry.prepareAsync(definition, bytes);
      } catch (error) {
        expect(error).toBeInstanceOf(TaskValidationError);
      }
    }),
    { numRuns: 40 },
  );
});
