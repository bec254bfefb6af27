import { expect, test } from "vitest";
import { findTaskDefinitionFiles, Wasmflow } from "../../runtime/index.js";
import { longFlow } from "../flows/engine/fixtures/project.js";
import { root } from "../flows/engine/harness.js";
import { cli } from "../helpers/cli.js";
import { spawnCli } from "../helpers/cli-process.js";
import { tempProject } from "../helpers/project.js";

async function registeredHome(): Promise<string> {
  const project = tempProject("wf-serve-");
  const wf = Wasmflow.open({ home: project.home, root });
  try {
    await wf.addTasks(await findTaskDefinitionFiles(root));
    await wf.addFlow(`${root}/flows/triage-text.flow.json`);
  } finally {
    await wf.close();
  }
  return project.home;
}

test("wasmflow serve answers on the port it prints, shows a run the CLI made, and exits 0 on SIGTERM", async () => {
  const home = await registeredHome();
  const serve = spawnCli(["serve", "--port", "0", "--home", home, "--root", root]);
  try {
    const [, url] = await serve.stderrLine(/at (http:\/\/127\.0\.0\.1:\d+);/);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    // Another process on the same home: its run's history streams from the server.
    const ran = cli([
      "flow",
      "run",
      "triage-text",
      "--input",
      '{"text": "from the cli"}',
      "--home",
      home,
      "--root",
      root,
      "--json",
    ]);
    expect(ran.code).toBe(0);
    const id = (ran.json() as { run: { id: string } }).run.id;
    const stream = await (await fetch(`${url}/v1/runs/${id}/events`)).text();
    expect(stream).toMatch(/^event: run-started$/m);
    expect(stream).toMatch(/^event: run-completed$/m);
  } finally {
    serve.kill("SIGTERM");
  }
  const exit = await serve.exit;
  expect(exit.code).toBe(0);
});

test("wasmflow serve refuses a non-loopback address while no access token exists", async () => {
  const home = await registeredHome();
  const refused = cli(["serve", "--host", "0.0.0.0", "--port", "0", "--home", home, "--json"]);
  expect(refused.code).toBe(2);
  expect(refused.json()).toMatchObject({ error: { code: "USAGE" } });
  expect((refused.json() as { error: { message: string } }).error.message).toMatch(/without an access token/);
});

test("on SIGTERM a run longer than --grace is left resumable, serve exits 0, and the next serve resumes it", async () => {
  const home = await registeredHome();
  const wf = Wasmflow.open({ home, root });
  try {
    wf.flows.add(wf.checkFlowDefinition({ ...longFlow, name: "long" }).definition);
  } finally {
    await wf.close();
  }
  const serve = spawnCli(["serve", "--port", "0", "--grace", "1500", "--home", home, "--root", root]);
  const [, url] = await serve.stderrLine(/at (http:\/\/127\.0\.0\.1:\d+);/);
  // fib(2^31 - 1) twice: seconds of work, longer than the grace period.
  const started = await fetch(`${url}/v1/flows/long/runs`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ input: { n: 2_147_483_647 } }),
  });
  expect(started.status).toBe(202);
  const { run } = (await started.json()) as { run: { id: string } };
  const signalled = Date.now();
  serve.kill("SIGTERM");
  const exit = await serve.exit;
  expect(exit.code).toBe(0);
  expect(exit.stderr).toMatch(/grace period over: exiting; 1 run\(s\) left for the next serve to resume/);
  expect(Date.now() - signalled).toBeGreaterThanOrEqual(1400);
  const shown = cli(["runs", "show", run.id, "--home", home, "--root", root, "--json"]);
  expect((shown.json() as { run: { status: string } }).run.status).toBe("interrupted");
  // The next serve resumes it: it runs to its end there.
  const next = spawnCli(["serve", "--port", "0", "--home", home, "--root", root]);
  try {
    const [, nextUrl] = await next.stderrLine(/at (http:\/\/127\.0\.0\.1:\d+);/);
    await next.stderrLine(/resumed 1 interrupted run/);
    const events = await (await fetch(`${nextUrl}/v1/runs/${run.id}/events`)).text();
    expect(events).toMatch(/^event: run-completed$/m);
  } finally {
    next.kill("SIGTERM");
  }
  expect((await next.exit).code).toBe(0);
});
