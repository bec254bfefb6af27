import { existsSync } from "node:fs";
import type { FlowEvent, Wasmflow } from "../index.js";
import type { Backend } from "./backend.js";

/** The verbs' backend over a home opened in this process. */
export function localBackend(wf: Wasmflow): Backend {
  return {
    tasks: {
      list: async () => wf.tasks.list(),
      show: async (reference) => {
        const task = wf.tasks.get(reference);
        return { task, revisions: wf.tasks.revisions(task.name).map((r) => r.revision) };
      },
      run: (target, input, options) => {
        const runOptions = { format: "json" as const, ...options };
        return isDefinitionFile(target)
          ? wf.runDefinition(target, input, runOptions)
          : wf.run(target, input, runOptions);
      },
    },
    flows: {
      list: async () => wf.flows.list(),
      describe: async (target) => {
        const { definition, registered, file } = await wf.describeFlow(target);
        return {
          definition,
          ...(registered === undefined ? {} : { registered }),
          ...(file === undefined ? {} : { file }),
        };
      },
      add: async (files) => {
        for (const file of files) await wf.validateFlow(file);
        const added = [];
        for (const file of files) added.push(await wf.addFlow(file));
        return added;
      },
      start: async (target, input, options) => {
        const run = await wf.startFlow(target, input, {
          format: "json",
          signal: options.signal,
          onEvent: options.onEvent,
          ...(options.idempotencyKey === undefined ? {} : { idempotencyKey: options.idempotencyKey }),
        });
        return { id: run.id, reused: run.reused, ended: run.result.then(() => undefined) };
      },
    },
    runs: {
      page: async (filter) => wf.runs.page(filter),
      show: async (id) => wf.runs.show(id),
      history: async (id) => {
        const events: FlowEvent[] = [];
        for await (const event of wf.history(id, { follow: false })) events.push(event);
        return events;
      },
      cancel: (id, waitMs) => wf.cancelRun(id, waitMs),
      cancelNow: (id) => {
        wf.cancelRunNow(id);
        return wf.runs.show(id);
      },
      resume: async (ids, onEvent) => {
        const started =
          ids.length > 0
            ? wf.resumeEach(ids, { onEvent })
            : wf.resumeRuns(undefined, { onEvent }).map((run) => ({ id: run.id, run }));
        // One at a time on screen; the runs themselves execute concurrently.
        await Promise.allSettled(started.flatMap((answer) => ("run" in answer ? [answer.run.result] : [])));
        const answers = started.map((answer) =>
          "run" in answer ? { id: answer.id, run: wf.runs.show(answer.id) } : { id: answer.id, error: answer.error },
        );
        return { answers, ...(ids.length > 0 ? {} : { running: wf.runs.live() }) };
      },
    },
  };
}

/** A `task run` target naming a definition file rather than a registered task. */
export function isDefinitionFile(target: string): boolean {
  return target.endsWith(".json") || existsSync(target);
}
