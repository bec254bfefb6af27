import type { MiddlewareHandler } from "hono";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { Wasmflow } from "../index.js";

/** What each step event says became of the step. */
const stepOutcomes: Partial<Record<string, string>> = {
  "step-completed": "succeeded",
  "step-failed": "failed",
  "step-retrying": "retrying",
  "step-skipped": "skipped",
  "step-cancelled": "cancelled",
};

const seconds = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The server's Prometheus metrics (`GET /metrics`, through prom-client): HTTP requests by route
 * and status with their durations, task calls by task and outcome with theirs (every call of the
 * runtime, flow steps included), the pool's calls running and queued, runs by flow and stored
 * status (read from the store at each scrape, so runs of other processes count too), and the
 * process's own (memory, event-loop lag, GC).
 */
export class ServerMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<"method" | "route" | "status">;
  private readonly requestSeconds: Histogram<"method" | "route">;
  private readonly stopObserving: () => void;
  private readonly calls: Counter<"task" | "outcome">;

  constructor(wf: Wasmflow) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: "wasmflow_" });
    this.requests = new Counter({
      name: "wasmflow_http_requests_total",
      help: "HTTP requests answered, by method, route and status",
      labelNames: ["method", "route", "status"],
      registers,
    });
    this.requestSeconds = new Histogram({
      name: "wasmflow_http_request_duration_seconds",
      help: "Time to answer an HTTP request (to the start of a stream's body for event streams)",
      labelNames: ["method", "route"],
      buckets: seconds,
      registers,
    });
    this.calls = new Counter({
      name: "wasmflow_task_calls_total",
      help: "Task calls finished, by task and outcome (ok, or the error code)",
      labelNames: ["task", "outcome"],
      registers,
    });
    const calls = this.calls;
    const callSeconds = new Histogram({
      name: "wasmflow_task_call_duration_seconds",
      help: "Task call duration, queueing included, by task",
      labelNames: ["task"],
      buckets: seconds,
      registers,
    });
    const steps = new Counter({
      name: "wasmflow_steps_total",
      help: "Flow steps of this server's runs, by flow and what became of them (succeeded, failed, retrying, skipped, cancelled)",
      labelNames: ["flow", "outcome"],
      registers,
    });
    const stepSeconds = new Histogram({
      name: "wasmflow_step_duration_seconds",
      help: "Duration of a flow step's successful attempt, by flow",
      labelNames: ["flow"],
      buckets: seconds,
      registers,
    });
    const stopCalls = wf.observeCalls((call) => {
      calls.inc({ task: call.task, outcome: call.outcome });
      callSeconds.observe({ task: call.task }, call.durationMs / 1000);
    });
    const stopEvents = wf.observeEvents((event, flow) => {
      const outcome = stepOutcomes[event.type];
      if (outcome === undefined) return;
      steps.inc({ flow, outcome });
      if (event.type === "step-completed") stepSeconds.observe({ flow }, event.durationMs / 1000);
    });
    this.stopObserving = () => {
      stopCalls();
      stopEvents();
    };
    new Counter({
      name: "wasmflow_worker_restarts_total",
      help: "Worker threads replaced: stopped on a timeout, a cancel or a heap limit, or crashed",
      registers,
      collect() {
        // The pool counts; the counter is set to its count at each scrape.
        this.reset();
        this.inc(wf.load().workersReplaced);
      },
    });
    new Gauge({
      name: "wasmflow_pool_calls",
      help: "Calls in the worker pool now, running or queued",
      labelNames: ["state"],
      registers,
      collect() {
        const load = wf.load();
        this.set({ state: "running" }, load.running);
        this.set({ state: "queued" }, load.queued);
      },
    });
    new Gauge({
      name: "wasmflow_runs",
      help: "Flow runs in the store, by flow and stored status (running includes interrupted)",
      labelNames: ["flow", "status"],
      registers,
      collect() {
        this.reset();
        for (const { flow, status, count } of wf.runs.counts()) this.set({ flow, status }, count);
      },
    });
  }

  /** Counts and times every request, labelled by its route's pattern (never its raw path). */
  middleware(): MiddlewareHandler {
    return async (c, next) => {
      const started = performance.now();
      await next();
      const route = c.req.routePath === "/*" || c.req.routePath === "" ? "unmatched" : c.req.routePath;
      const labels = { method: c.req.method, route };
      this.requests.inc({ ...labels, status: String(c.res.status) });
      this.requestSeconds.observe(labels, (performance.now() - started) / 1000);
    };
  }

  /** Task calls finished since the server started, by task and outcome (`ok` or the error code). */
  async callCounts(): Promise<{ task: string; outcome: string; count: number }[]> {
    const { values } = await this.calls.get();
    return values.map(({ labels, value }) => ({
      task: String(labels.task),
      outcome: String(labels.outcome),
      count: value,
    }));
  }

  close(): void {
    this.stopObserving();
  }
}
