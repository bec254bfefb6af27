import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { forgetTranspiledComponents, transpileCacheKey } from "../../runtime/components/index.js";
import { findTaskDefinitionFiles, Wasmflow } from "../../runtime/index.js";
import { type RunningServer, startServer } from "../../runtime/server/index.js";
import { root } from "../flows/engine/harness.js";
import { tempProject } from "../helpers/project.js";
import { callsComponent, sha256 } from "../sandbox/component/fixture.js";

let wf: Wasmflow;
let server: RunningServer;

beforeAll(async () => {
  const project = tempProject("wf-register-");
  wf = Wasmflow.open({ home: project.home, root, pool: { threads: 1 } });
  await wf.addTasks(await findTaskDefinitionFiles(root));
  server = await startServer({ wf, port: 0 });
});

afterAll(async () => {
  await server?.close();
  await wf?.close();
});

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });
  return { status: response.status, json: JSON.parse(await response.text()) };
}

const addDefinition = JSON.parse(readFileSync(`${root}/tasks/math/add.task.json`, "utf8"));
const mathModule = readFileSync(`${root}/build/tasks/math.wasm`).toString("base64");
const triage = JSON.parse(readFileSync(`${root}/flows/triage-text.flow.json`, "utf8"));

test("a task is registered from its definition and its module in base64, then run and removed", async () => {
  const created = await call("POST", "/v1/tasks", {
    definition: { ...addDefinition, name: "adder" },
    module: mathModule,
  });
  expect(created).toMatchObject({ status: 201, json: { status: "created", task: { name: "adder", revision: 1 } } });
  const again = await call("POST", "/v1/tasks", {
    definition: { ...addDefinition, name: "adder" },
    module: mathModule,
  });
  expect(again.json.status).toBe("unchanged");
  expect(await call("POST", "/v1/tasks/adder/runs", { input: { a: 2, b: 3 } })).toMatchObject({
    status: 200,
    json: { output: 5 },
  });
  expect(await call("DELETE", "/v1/tasks/adder")).toMatchObject({ status: 200, json: { removed: 1 } });
  expect((await call("GET", "/v1/tasks/adder")).status).toBe(404);
});

test("a module that is not WebAssembly, one that does not match, and a broken definition are 422 with their issues", async () => {
  const notWasm = await call("POST", "/v1/tasks", {
    definition: { ...addDefinition, name: "bad" },
    module: Buffer.from("not a module").toString("base64"),
  });
  expect(notWasm).toMatchObject({ status: 422, json: { error: { code: "MODULE_MALFORMED" } } });
  const mismatch = await call("POST", "/v1/tasks", {
    definition: { ...addDefinition, name: "bad", export: "no_such_export" },
    module: mathModule,
  });
  expect(mismatch).toMatchObject({ status: 422, json: { error: { code: "TASK_INVALID" } } });
  expect(mismatch.json.error.issues.map((issue: { code: string }) => issue.code)).toContain("MISSING_EXPORT");
  const broken = await call("POST", "/v1/tasks", { definition: { name: "bad" }, module: mathModule });
  expect(broken).toMatchObject({ status: 422, json: { error: { code: "DEFINITION_INVALID" } } });
  const notBase64 = await call("POST", "/v1/tasks", { definition: addDefinition, module: "%%%" });
  expect(notBase64).toMatchObject({ status: 400, json: { error: { code: "REQUEST_INVALID" } } });
});

test("a flow is validated without being registered, registered, run, and removed", async () => {
  const definition = { ...triage, name: "triage-copy" };
  expect(await call("POST", "/v1/flows/validate", { definition })).toMatchObject({
    status: 200,
    json: { valid: true, flow: "triage-copy" },
  });
  expect((await call("GET", "/v1/flows/triage-copy")).status).toBe(404);
  const unknownTask = await call("POST", "/v1/flows/validate", {
    definition: {
      ...definition,
      steps: [{ ...definition.steps[0], task: "no-such-task" }, ...definition.steps.slice(1)],
    },
  });
  expect(unknownTask).toMatchObject({ status: 422, json: { error: { code: "DEFINITION_INVALID" } } });
  expect(unknownTask.json.error.issues.length).toBeGreaterThan(0);

  expect(await call("POST", "/v1/flows", { definition })).toMatchObject({
    status: 201,
    json: { status: "created", flow: { name: "triage-copy", revision: 1 } },
  });
  const ran = await call("POST", "/v1/flows/triage-copy/runs?wait=20000", { input: { text: "a fine day" } });
  expect(ran).toMatchObject({ status: 200, json: { run: { status: "succeeded" } } });
  expect(await call("DELETE", "/v1/flows/triage-copy")).toMatchObject({ status: 200, json: { removed: 1 } });
});

// Regression: the route registered with the synchronous path, which leaves a component's
// transpile to its first call; a component jco could not turn into bindings was accepted.
test("a component registered over HTTP is transpiled at registration, into the cache beside the store", async () => {
  const bytes = await callsComponent();
  const folder = join(wf.home, "cache", "components", transpileCacheKey(sha256(bytes)));
  forgetTranspiledComponents();
  rmSync(folder, { recursive: true, force: true });
  const created = await call("POST", "/v1/tasks", {
    definition: { name: "counter", abi: "component", module: "c.wasm", export: "count", input: "u32", output: "u32" },
    module: Buffer.from(bytes).toString("base64"),
  });
  expect(created).toMatchObject({
    status: 201,
    json: { status: "created", task: { name: "counter", abi: "component" } },
  });
  expect(existsSync(join(folder, "bindings.js"))).toBe(true);
});
