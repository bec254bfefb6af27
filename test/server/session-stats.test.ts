import { afterAll, beforeAll, expect, test } from "vitest";
import { WasmflowClient } from "../../runtime/client/index.js";
import { findTaskDefinitionFiles, Wasmflow, WasmflowError } from "../../runtime/index.js";
import { type RunningServer, startServer } from "../../runtime/server/index.js";
import { root } from "../flows/engine/harness.js";
import { tempProject } from "../helpers/project.js";

// What a client (the dashboard) asks before it draws anything: what its token may do, and the
// counts an overview starts from.

let wf: Wasmflow;
let server: RunningServer;

beforeAll(async () => {
  wf = Wasmflow.open({ home: tempProject("wf-session-").home, root, pool: { threads: 1 } });
  await wf.addTasks(await findTaskDefinitionFiles(root));
  await wf.addFlow(`${root}/flows/profile-fallback.flow.json`);
  server = await startServer({ wf, port: 0, dashboard: false });
});

afterAll(async () => {
  await server?.close();
  await wf?.close();
});

test("the stats count runs by flow and status, and task calls by outcome", async () => {
  const client = new WasmflowClient({ url: server.url });
  const before = await client.stats();
  await wf.runFlow("profile-fallback", { name: "ada", email: "not-an-address" });
  await wf.runFlow("profile-fallback", { name: "ada", email: "ada@example.org" });
  const stats = await client.stats();
  expect(stats.runs).toEqual([{ flow: "profile-fallback", status: "succeeded", count: 2 }]);
  expect(stats.live).toBe(0);
  expect(stats.pool).toEqual({ running: 0, queued: 0 });
  const count = (task: string, outcome: string) =>
    stats.calls.find((call) => call.task === task && call.outcome === outcome)?.count ?? 0;
  const countBefore = (task: string, outcome: string) =>
    before.calls.find((call) => call.task === task && call.outcome === outcome)?.count ?? 0;
  // The bad address fails its profile step, and the error path's handler runs instead.
  expect(count("profile", "TASK_FAILED") - countBefore("profile", "TASK_FAILED")).toBe(1);
  expect(count("profile", "ok") - countBefore("profile", "ok")).toBe(1);
});

test("the session says what the caller may do, with and without tokens", async () => {
  const open = new WasmflowClient({ url: server.url });
  expect(await open.session()).toEqual({ tokensRequired: false, token: null, scope: "admin" });
  const read = wf.tokens.create({ scope: "read", name: "viewer" });
  try {
    const refused = await open.session().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(WasmflowError);
    expect((refused as WasmflowError).code).toBe("UNAUTHORIZED");
    const viewer = new WasmflowClient({ url: server.url, token: read.token });
    expect(await viewer.session()).toEqual({
      tokensRequired: true,
      token: { id: read.id, name: "viewer", scope: "read" },
      scope: "read",
    });
  } finally {
    wf.tokens.revoke(read.id);
  }
});
