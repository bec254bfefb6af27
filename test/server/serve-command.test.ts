import { expect, test } from "vitest";
import { findTaskDefinitionFiles, Wasmflow } from "../../runtime/index.js";
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
