import { expect, test } from "vitest";
import { allowedHostImports, allowedMemoryImport } from "../../../runtime/abi/index.js";
import { threadHost } from "../../../runtime/sandbox/instance/host-state.js";
import { checkImports } from "../../../runtime/tasks/check/check-imports.js";
import { inspectModule } from "../../../runtime/wasm/index.js";
import { wat } from "../../helpers/wat.js";

// Registration allows a module only the imports in the ABI's list; the worker instantiates every
// module with the one imports object of its thread. The two must name the same imports: one more
// in the list and a registered task fails to instantiate, one more in the worker and a guest reaches
// something no check has looked at.

/** `module.name` of every import the worker hands to `new WebAssembly.Instance`. */
function workerImports(): Map<string, unknown> {
  const found = new Map<string, unknown>();
  for (const [module, fields] of Object.entries(threadHost.imports)) {
    for (const [name, value] of Object.entries(fields)) found.set(`${module}.${name}`, value);
  }
  return found;
}

test("the worker provides exactly the imports registration allows", () => {
  expect([...workerImports().keys()].sort()).toEqual([...allowedHostImports.keys(), allowedMemoryImport].sort());
});

test("every allowed function import is a function of the worker taking the allowed parameters", () => {
  const provided = workerImports();
  for (const [key, signature] of allowedHostImports) {
    const value = provided.get(key);
    expect(typeof value, key).toBe("function");
    expect((value as (...args: unknown[]) => unknown).length, key).toBe(signature.params.length);
  }
});

test("a module importing everything registration allows passes the check and instantiates in the worker", async () => {
  const [memoryModule, memoryName] = allowedMemoryImport.split(".") as [string, string];
  const functions = [...allowedHostImports].map(([key, signature], i) => {
    const [module, name] = key.split(".") as [string, string];
    const params = signature.params.length === 0 ? "" : ` (param ${signature.params.join(" ")})`;
    const results = signature.results.length === 0 ? "" : ` (result ${signature.results.join(" ")})`;
    return `(import "${module}" "${name}" (func $f${i}${params}${results}))`;
  });
  const bytes = await wat(`(module
    ${functions.join("\n    ")}
    (import "${memoryModule}" "${memoryName}" (memory 1 1)))`);

  expect(checkImports("everything", inspectModule(bytes).imports)).toEqual([]);
  threadHost.useImportedMemory(new WebAssembly.Memory({ initial: 1, maximum: 1 }));
  try {
    expect(
      () => new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(bytes)), threadHost.imports),
    ).not.toThrow();
  } finally {
    threadHost.end();
  }
});
