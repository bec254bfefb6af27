import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { findTaskDefinitionFiles, Wasmflow } from "../../../runtime/index.js";
import { type RunningServer, startServer } from "../../../runtime/server/index.js";
import { fibChain } from "../../flows/engine/fixtures/project.js";
import { launchBrowser, screenshot, seriousViolations } from "../../helpers/browser.js";
import { tempProject } from "../../helpers/project.js";

// The dashboard in a real Chromium against a real server: the built files `npm run build` wrote
// to dist/dashboard, served by `startServer` over a home with the example tasks and flows, real
// workers and a real store. Each test leaves a screenshot in .artifacts/dashboard/.

const root = new URL("../../..", import.meta.url).pathname;
/** A flow whose input holds a field of each kind that has its own control: chars, tuples, cases, flags. */
const everyKind = {
  name: "every-kind",
  version: "1.0.0",
  input: {
    text: "string",
    mark: "char",
    pair: "tuple<s32, string>",
    color: "enum{red, light-blue}",
    shape: "variant{circle(f64), square(record{side: u64}), none}",
    perms: "flags{read, write, light-blue}",
    outcome: "result<u32, string>",
  },
  steps: [{ id: "count", task: "word-count", input: { text: "input.text" } }],
  output: { words: "steps.count.output.words" },
};

let wf: Wasmflow;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  const project = tempProject("wf-dashboard-");
  wf = Wasmflow.open({ home: project.home, root, pool: { threads: 2 } });
  await wf.addTasks(await findTaskDefinitionFiles(root));
  for (const name of ["triage-text", "profile-fallback", "score-text"])
    await wf.addFlow(`${root}/flows/${name}.flow.json`);
  wf.flows.add(wf.checkFlowDefinition(fibChain).definition);
  wf.flows.add(wf.checkFlowDefinition(everyKind).definition);
  server = await startServer({ wf, port: 0 });
  browser = await launchBrowser();
});

/** Contexts a test opened: closed after it, even when it failed midway. */
const contexts: BrowserContext[] = [];

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await wf?.close();
});

async function open(
  path: string,
  options: { dark?: boolean; width?: number } = {},
): Promise<{ page: Page; context: BrowserContext }> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: 800 },
    colorScheme: options.dark === true ? "dark" : "light",
  });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${server.url}${path}`);
  return { page, context };
}

async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousViolations(page)).toEqual([]);
}

describe("the dashboard", () => {
  test("is served at / with its own files, and any page path answers the page", async () => {
    const home = await fetch(`${server.url}/`);
    expect(home.status).toBe(200);
    expect(home.headers.get("content-security-policy")).toContain("default-src 'self'");
    const html = await home.text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${server.url}${script}`, { headers: { "accept-encoding": "br" } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get("content-encoding")).toBe("br");
    expect(asset.headers.get("cache-control")).toContain("immutable");
    const deep = await fetch(`${server.url}/runs/some-run`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toBe(html);
    // The API keeps its own answers: an unknown route is JSON, not the page.
    const missing = await fetch(`${server.url}/v1/nothing-here`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("ROUTE_NOT_FOUND");
  });

  test("draws a flow's graph with the types its edges carry", async () => {
    const { page, context } = await open("/flows/triage-text");
    await page.locator('[data-step="count"]').first().waitFor();
    const steps = wf.flows.get("triage-text")?.definition.steps.map((step) => step.id) ?? [];
    for (const id of steps) await expect(page.locator(`[data-step="${id}"]`).count()).resolves.toBeGreaterThan(0);
    // The word count's output type labels the edge leaving it.
    await expect(page.getByText("words: u32", { exact: false }).count()).resolves.toBeGreaterThan(0);
    await expectAccessible(page);
    await screenshot(page, "flow-graph");
    await context.close();
  }, 60_000);

  test("starts a flow from its form and watches its steps succeed live", async () => {
    const { page, context } = await open("/flows/triage-text");
    const text = page.locator('[name="text"]');
    await text.fill("A bright and happy day from the dashboard");
    await page.getByRole("button", { name: "Start run" }).click();
    await page.waitForURL(/\/runs\/[^/]+$/);
    await page.locator('[data-testid="run-status"] [data-status="succeeded"]').waitFor({ timeout: 20_000 });
    const id = decodeURIComponent(new URL(page.url()).pathname.split("/").at(-1) ?? "");
    const stored = wf.runs.show(id);
    expect(stored.status).toBe("succeeded");
    for (const step of stored.steps) {
      await page.locator(`.react-flow [data-step="${step.id}"][data-state="${step.status}"]`).first().waitFor();
    }
    expect(stored.input).toEqual({ text: "A bright and happy day from the dashboard" });
    await expectAccessible(page);
    await screenshot(page, "run-page");
    await context.close();
  }, 60_000);

  test("starts a flow from a form of chars, tuples, enums, variants, results and flags", async () => {
    const { page, context } = await open("/flows/every-kind");
    await page.locator('[name="text"]').fill("two words");
    const mark = page.locator('[name="mark"]');
    await mark.fill("ab");
    await page.getByRole("button", { name: "Start run" }).click();
    await expect(page.getByText("expected char", { exact: false }).count()).resolves.toBeGreaterThan(0);
    await expect(mark.evaluate((element) => element === document.activeElement)).resolves.toBe(true);
    await expectAccessible(page);
    await mark.fill("😀");
    await page.locator('[name="pair.0"]').fill("-7");
    await page.locator('[name="pair.1"]').fill("seven");
    await page.getByLabel("color").selectOption("light-blue");
    await page.locator('[name="shape"]').selectOption("square");
    await page.locator('[name="shape.val.side"]').fill("18446744073709551615");
    await page.locator('[name="perms.light-blue"]').check();
    await page.locator('[name="outcome"]').selectOption("err");
    await page.locator('[name="outcome.val"]').fill("no");
    await expectAccessible(page);
    await screenshot(page, "flow-form-every-kind");
    await page.getByRole("button", { name: "Start run" }).click();
    await page.waitForURL(/\/runs\/[^/]+$/);
    const id = decodeURIComponent(new URL(page.url()).pathname.split("/").at(-1) ?? "");
    expect(wf.runs.show(id).input).toMatchObject({
      text: "two words",
      mark: "😀",
      pair: [-7, "seven"],
      color: "light-blue",
      shape: { tag: "square", val: { side: expect.anything() } },
      perms: { read: false, write: false, "light-blue": true },
      outcome: { tag: "err", val: "no" },
    });
    await context.close();
  }, 60_000);

  test("shows a failed step's error code and guest logs", async () => {
    const run = await wf.runFlow("profile-fallback", { name: "ada", email: "not-an-address" });
    const { page, context } = await open(`/runs/${run.id}`);
    await page.locator('.react-flow [data-step="profile"][data-state="failed"]').first().click();
    await expect(page.getByTestId("step-error-code").first().textContent()).resolves.toBe("TASK_FAILED");
    await expect(page.getByTestId("step-logs").first().textContent()).resolves.toContain(
      'no name before or domain after the last "@"',
    );
    await expectAccessible(page);
    await screenshot(page, "failed-step");
    await context.close();
  }, 60_000);

  test("opens a step from the keyboard, and lists the run with its input", async () => {
    const run = await wf.runFlow("triage-text", { text: "keys only" });
    const { page } = await open(`/runs/${run.id}`);
    const node = page.locator('.react-flow [data-step="count"]').first();
    await node.waitFor();
    expect(await node.getAttribute("tabindex")).toBe("0");
    await node.focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "count" }).waitFor();
    await expect(page.getByTestId("step-logs").first().textContent()).resolves.toContain("2 words");
    await page.goto(`${server.url}/runs?flow=triage-text`);
    const row = page.locator(`tr[data-run="${run.id}"]`);
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('{"text":"keys only"}');
  }, 60_000);

  test("cancels a long run from its page", async () => {
    const started = await wf.startFlow("fib-chain", { n: 2147483647 });
    const { page, context } = await open(`/runs/${started.id}`);
    await page.locator('.react-flow [data-step="fib0"][data-state="running"]').first().waitFor({ timeout: 20_000 });
    await page.getByRole("button", { name: "Cancel run" }).click();
    await page.locator('[data-testid="run-status"] [data-status="cancelled"]').waitFor({ timeout: 20_000 });
    expect((await started.result).status).toBe("cancelled");
    await screenshot(page, "cancelled-run");
    await context.close();
  }, 60_000);

  test("re-runs a run with the same input", async () => {
    const first = await wf.runFlow("score-text", { text: "same input twice" });
    const { page, context } = await open(`/runs/${first.id}`);
    await page.getByRole("button", { name: "Re-run with the same input" }).click();
    await page.waitForURL((url) => url.pathname.startsWith("/runs/") && !url.pathname.endsWith(first.id));
    const second = decodeURIComponent(new URL(page.url()).pathname.split("/").at(-1) ?? "");
    await page.locator('[data-testid="run-status"] [data-status="succeeded"]').waitFor({ timeout: 20_000 });
    expect(wf.runs.show(second).input).toEqual(wf.runs.show(first.id).input);
    await context.close();
  }, 60_000);

  test("tries a task from its page", async () => {
    const { page, context } = await open("/tasks/word-count");
    await page.locator('[name="text"]').fill("one two three");
    await page.getByRole("button", { name: "Run once" }).click();
    await page.getByTestId("try-output").waitFor();
    expect(JSON.parse((await page.getByTestId("try-output").textContent()) ?? "null")).toEqual({ words: 3, vowels: 5 });
    await expect(page.getByTestId("try-logs").textContent()).resolves.toContain("3 words, 5 vowels");
    await expectAccessible(page);
    await screenshot(page, "task-try-it");
    await context.close();
  }, 60_000);

  test("checks bytes in the browser as the server does, then runs the task", async () => {
    const { page } = await open("/tasks/checksum");
    const data = page.locator('[name="data"]');
    await data.fill("not base64!");
    await page.getByRole("button", { name: "Run once" }).click();
    await expect(page.getByText("a string that is not base64").count()).resolves.toBeGreaterThan(0);
    await data.fill(Buffer.from("hello").toString("base64"));
    await page.getByRole("button", { name: "Run once" }).click();
    await page.getByTestId("try-output").waitFor();
    expect(JSON.parse((await page.getByTestId("try-output").textContent()) ?? "null")).toEqual({
      crc32: 0x3610a686,
      adler32: 0x062c0215,
      length: 5,
    });
  }, 60_000);

  test.each([
    ["overview", "/"],
    ["flows", "/flows"],
    ["runs", "/runs"],
    ["tasks", "/tasks"],
  ])(
    "%s passes axe in light and dark, wide and narrow",
    async (name, path) => {
      for (const [dark, width] of [
        [false, 1280],
        [true, 1280],
        [false, 480],
      ] as const) {
        const { page, context } = await open(path, { dark, width });
        await page.locator("main h1").waitFor();
        // Pages with a live feed never go network-idle: wait for their tables instead.
        await page.waitForFunction(() => document.querySelector('[aria-busy="true"]') === null);
        await expectAccessible(page);
        await screenshot(page, `${name}-${dark ? "dark" : "light"}-${width}`);
        await context.close();
      }
    },
    60_000,
  );

  // Last: once a token exists, every request of this home needs one.
  test("asks for a token, and disables what a read token may not do, saying why", async () => {
    const read = wf.tokens.create({ scope: "read", name: "viewer" });
    const { page, context } = await open("/flows/triage-text");
    await page.getByLabel("Access token").waitFor();
    await expectAccessible(page);
    await screenshot(page, "token-prompt");
    await page.getByLabel("Access token").fill("wft_000000000000_notavalidtokennotavalidtokennotavalidtoken0");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "unknown or revoked" }).waitFor();
    await page.getByLabel("Access token").fill(read.token);
    await page.getByRole("button", { name: "Sign in" }).click();
    const start = page.getByRole("button", { name: "Start run" });
    await start.waitFor();
    expect(await start.isDisabled()).toBe(true);
    await expect(page.getByText("needs a token of scope run").count()).resolves.toBeGreaterThan(0);
    // The token is kept for the tab only, never in the address.
    expect(page.url()).not.toContain(read.token);
    await screenshot(page, "read-token");
    await context.close();
  }, 60_000);
});
