import Database from "better-sqlite3";
import { afterAll, beforeAll, expect, test } from "vitest";
import { findTaskDefinitionFiles, Wasmflow } from "../../runtime/index.js";
import { type RunningServer, startServer } from "../../runtime/server/index.js";
import { databaseFileName } from "../../runtime/store/index.js";
import { root } from "../flows/engine/harness.js";
import { cli } from "../helpers/cli.js";
import { tempProject } from "../helpers/project.js";

let wf: Wasmflow;
let server: RunningServer;
let home: string;

beforeAll(async () => {
  const project = tempProject("wf-tokens-");
  home = project.home;
  wf = Wasmflow.open({ home, root, pool: { threads: 1 } });
  await wf.addTasks(await findTaskDefinitionFiles(root));
  await wf.addFlow(`${root}/flows/triage-text.flow.json`);
  server = await startServer({ wf, port: 0 });
});

afterAll(async () => {
  await server?.close();
  await wf?.close();
});

async function status(method: string, path: string, token?: string): Promise<{ status: number; code?: string }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...(method === "POST" ? { "content-type": "application/json" } : {}),
    },
    ...(method === "POST" ? { body: JSON.stringify({ input: { text: "hi" } }) } : {}),
  });
  const body = (await response.json()) as { error?: { code: string } };
  return { status: response.status, ...(body.error === undefined ? {} : { code: body.error.code }) };
}

test("with no token the API is open on loopback; once one exists, every request needs one of a scope that allows it", async () => {
  expect(await status("GET", "/v1/tasks")).toEqual({ status: 200 });
  const read = wf.tokens.create({ scope: "read", name: "dashboard" }).token;
  const run = wf.tokens.create({ scope: "run" }).token;
  const admin = wf.tokens.create({ scope: "admin" }).token;

  const table: [string, string, string | undefined, number, string | undefined][] = [
    ["GET", "/healthz", undefined, 200, undefined],
    ["GET", "/openapi.json", undefined, 200, undefined],
    ["GET", "/v1/tasks", undefined, 401, "UNAUTHORIZED"],
    ["GET", "/metrics", undefined, 401, "UNAUTHORIZED"],
    ["GET", "/v1/tasks", "wft_000000000000_not-a-real-secret-but-shaped-like-one-xxxxxxxx", 401, "UNAUTHORIZED"],
    ["GET", "/v1/tasks", `${read}x`, 401, "UNAUTHORIZED"],
    ["GET", "/v1/tasks", read, 200, undefined],
    ["GET", "/v1/runs", read, 200, undefined],
    ["POST", "/v1/flows/triage-text/runs", read, 403, "FORBIDDEN"],
    ["POST", "/v1/tasks/word-count/runs", read, 403, "FORBIDDEN"],
    ["POST", "/v1/flows/triage-text/runs", run, 202, undefined],
    ["POST", "/v1/tasks/word-count/runs", run, 200, undefined],
    // Registration needs admin: a run token is refused before the route is looked up.
    ["POST", "/v1/flows", run, 403, "FORBIDDEN"],
    ["POST", "/v1/flows/triage-text/runs", admin, 202, undefined],
  ];
  for (const [method, path, token, expected, code] of table) {
    expect({ method, path, token: token?.slice(0, 8), ...(await status(method, path, token)) }).toEqual({
      method,
      path,
      token: token?.slice(0, 8),
      status: expected,
      ...(code === undefined ? {} : { code }),
    });
  }

  const runInfo = wf.tokens.verify(run);
  wf.tokens.revoke(runInfo?.id as string);
  expect(await status("POST", "/v1/flows/triage-text/runs", run)).toEqual({ status: 401, code: "UNAUTHORIZED" });
  expect(() => wf.tokens.revoke(runInfo?.id as string)).toThrow(expect.objectContaining({ code: "TOKEN_NOT_FOUND" }));

  // Only hashes are stored: no secret is anywhere in the table.
  const db = new Database(`${home}/${databaseFileName}`, { readonly: true });
  const rows = JSON.stringify(db.prepare("SELECT * FROM tokens").all());
  db.close();
  for (const secret of [read, run, admin]) expect(rows).not.toContain(secret.slice(18));
});

test("off loopback the server does not start without a token, and says why", async () => {
  const project = tempProject("wf-tokens-");
  const bare = Wasmflow.open({ home: project.home, root });
  try {
    await expect(startServer({ wf: bare, host: "0.0.0.0", port: 0 })).rejects.toMatchObject({
      code: "USAGE",
      message: expect.stringMatching(/without an access token/),
    });
  } finally {
    await bare.close();
  }
});

test("wasmflow token create prints the secret once; list shows none; revoke twice is TOKEN_NOT_FOUND", async () => {
  const project = tempProject("wf-tokens-cli-");
  const created = cli(["token", "create", "--scope", "run", "--name", "ci", "--home", project.home, "--json"]);
  expect(created.code).toBe(0);
  const token = (created.json() as { token: { id: string; token: string } }).token;
  expect(token.token).toMatch(/^wft_[0-9a-f]{12}_/);
  const listed = cli(["token", "list", "--home", project.home]);
  expect(listed.stdout).toContain(token.id);
  expect(listed.stdout).not.toContain(token.token);
  expect(cli(["token", "revoke", token.id, "--home", project.home]).code).toBe(0);
  const again = cli(["token", "revoke", token.id, "--home", project.home, "--json"]);
  expect(again.code).toBe(2);
  expect(again.json()).toMatchObject({ error: { code: "TOKEN_NOT_FOUND" } });
  expect(cli(["token", "create", "--scope", "root", "--home", project.home]).code).toBe(2);
});
