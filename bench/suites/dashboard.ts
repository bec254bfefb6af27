import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { findTaskDefinitionFiles } from "../../runtime/index.js";
import { startServer } from "../../runtime/server/index.js";
import { Wasmflow } from "../../runtime/wasmflow.js";
import { newBench, rowOf, type SuiteContext, type SuiteFigure, type SuiteResult } from "../suite.js";
import { launchChromium } from "../support/chromium.js";

/** Steps of the big run: `lanes` chains side by side, each step after the one `lanes` before it. */
const lanes = 10;

/**
 * What the dashboard costs its readers: the bytes a first visit downloads (gzipped, as served),
 * and the time headless Chromium takes to show a run's page — its graph laid out (in a worker)
 * and drawn, its timeline drawn — for a 2 000-step run against a 7-step one, in the same run.
 */
export async function dashboard(context: SuiteContext): Promise<SuiteResult> {
  const { root, home } = context;
  const figures: Record<string, SuiteFigure> = pageWeight(join(root, "dist", "dashboard"));
  const steps = context.quick ? 200 : 2000;
  const wf = Wasmflow.open({ home: join(home, "dashboard-store"), root });
  await wf.addTasks(await findTaskDefinitionFiles(root));
  await wf.addFlow(join(root, "flows", "triage-text.flow.json"));
  wf.flows.add(wf.checkFlowDefinition(bigFlow(steps)).definition);
  wf.flows.add(wf.checkFlowDefinition({ ...bigFlow(40), name: "bench-dashboard-stream" }).definition);
  const small = await wf.runFlow("triage-text", { text: "a bright and happy day" });
  const big = await wf.runFlow("bench-dashboard", { text: "x" });
  if (small.status !== "succeeded" || big.status !== "succeeded") throw new Error("the runs to draw did not succeed");
  const server = await startServer({ wf, port: 0 });
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const open = browser;
    const render = async (id: string) => {
      const page = await open.newPage({ viewport: { width: 1280, height: 800 } });
      try {
        await page.goto(`${server.url}/runs/${id}`);
        await page
          .locator("figure.flow-graph:not([aria-busy]) .react-flow [data-step]")
          .first()
          .waitFor({ timeout: 120_000 });
        await page.locator(".wf [data-step]").first().waitFor({ timeout: 120_000 });
      } finally {
        await page.close();
      }
    };
    Object.assign(figures, await whileRunsStream(open, server.url, wf, context.quick ? 20 : 200));
    const bench = newBench(context, { time: 0, warmupTime: 0, iterations: 5, warmupIterations: 1 });
    bench.add("r1: a 7-step run's page, from navigation to graph and timeline drawn", () => render(small.id));
    bench.add(`r2: a ${steps}-step run's page, the same`, () => render(big.id));
    await bench.run();
    const rows = bench.tasks.map((task) => rowOf(task));
    const p50 = (prefix: string) => rows.find((row) => row.name.startsWith(prefix))?.p50Ms ?? Number.NaN;
    return {
      suite: "dashboard",
      note: `page weight is what a first visit downloads, gzipped; the layout worker comes with the first graph. Rows time one page load each in headless Chromium; the ${steps}-step run is ${lanes} chains side by side.`,
      rows,
      ratios: { [`r2 p50 / r1 p50 (${steps} steps against 7)`]: p50("r2") / p50("r1") },
      figures,
    };
  } finally {
    await browser?.close();
    await server.close();
    await wf.close();
  }
}

/**
 * The runs page open while `count` runs of 40 steps each start at once and stream their events:
 * how many frames the page drew per second meanwhile, and its longest main-thread task (a page
 * that redrew per event instead of per frame would stall here).
 */
async function whileRunsStream(
  browser: Browser,
  url: string,
  wf: Wasmflow,
  count: number,
): Promise<Record<string, SuiteFigure>> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  try {
    await page.goto(`${url}/runs`);
    await page.locator("main h1").waitFor();
    await page.evaluate(() => {
      const probe = { frames: 0, longest: 0, started: performance.now() };
      (globalThis as unknown as { probe: typeof probe }).probe = probe;
      const tick = () => {
        probe.frames += 1;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) probe.longest = Math.max(probe.longest, entry.duration);
      }).observe({ type: "longtask", buffered: false });
    });
    const runs = await Promise.all(
      Array.from({ length: count }, () => wf.startFlow("bench-dashboard-stream", { text: "x" })),
    );
    await Promise.all(runs.map((run) => run.result));
    const probe = await page.evaluate(() => {
      const { frames, longest, started } = (globalThis as unknown as { probe: Record<string, number> }).probe as {
        frames: number;
        longest: number;
        started: number;
      };
      return { frames, longest, seconds: (performance.now() - started) / 1000 };
    });
    return {
      [`${count} runs streaming: frames drawn per second on the runs page`]: {
        value: Math.round((probe.frames / probe.seconds) * 10) / 10,
        unit: "fps",
      },
      [`${count} runs streaming: the page's longest main-thread task over 50 ms (0: none)`]: {
        value: Math.round(probe.longest),
        unit: "ms",
      },
    };
  } finally {
    await page.close();
  }
}

/** The gzipped bytes of the page's own scripts and styles, and of the layout worker. */
function pageWeight(folder: string): Record<string, SuiteFigure> {
  const html = readFileSync(join(folder, "index.html"), "utf8");
  const linked = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+)"/g)].map((match) => match[1] as string);
  const gz = (name: string) => statSync(join(folder, "assets", `${name}.gz`)).size;
  const kib = (bytes: number): SuiteFigure => ({ value: Math.round((bytes / 1024) * 10) / 10, unit: "KiB" });
  const sum = (names: readonly string[]) => names.reduce((total, name) => total + gz(name), 0);
  const worker = readdirSync(join(folder, "assets")).filter((name) => /^elk-worker.*\.js$/.test(name));
  return {
    "page weight: JS, gzipped": kib(sum(linked.filter((name) => name.endsWith(".js")))),
    "page weight: CSS, gzipped": kib(sum(linked.filter((name) => name.endsWith(".css")))),
    "graph layout worker, gzipped": kib(sum(worker)),
  };
}

function bigFlow(steps: number) {
  return {
    name: "bench-dashboard",
    version: "1.0.0",
    input: { text: "string" },
    steps: Array.from({ length: steps }, (_, i) => ({
      id: `s${i}`,
      task: "slugify",
      input: { text: "input.text" },
      ...(i < lanes ? {} : { after: [`s${i - lanes}`] }),
    })),
    output: {},
  };
}
