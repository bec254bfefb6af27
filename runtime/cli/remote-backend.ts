import type { WasmflowClient } from "../client/index.js";
import type { FlowEvent, LiveRun, RunDetails } from "../index.js";
import { loadFlowDefinition, UsageError, WasmflowError } from "../index.js";
import type { Backend } from "./backend.js";
import { isDefinitionFile } from "./local-backend.js";

/**
 * The verbs' backend over a server (`--server`): each call is a route of the HTTP API, through the
 * package's typed client. Files are read here and sent; a file the server would have to read
 * (`task run def.task.json`, `flow run file.json`) is refused with what to do instead.
 */
export function remoteBackend(client: WasmflowClient): Backend {
  const notAFile = (what: string, target: string): void => {
    if (isDefinitionFile(target))
      throw new UsageError(
        `${target} is a file: with --server, ${what} a registered name (register it first, or drop --server to use the file here)`,
      );
  };
  return {
    tasks: {
      list: () => client.tasks.list(),
      show: (reference) => client.tasks.show(reference),
      run: (target, input, options) => {
        notAFile("task run takes", target);
        return client.tasks.run(target, input, options);
      },
    },
    flows: {
      list: () => client.flows.list(),
      describe: async (target) => {
        notAFile("flow show takes", target);
        const { flow } = await client.flows.show(target, { paths: 0 });
        return { definition: flow.definition, registered: flow };
      },
      add: async (files) => {
        const loaded = [];
        for (const file of files) loaded.push(await loadFlowDefinition(file));
        // Checked by the server against its tasks, every file before any is stored.
        for (const { json } of loaded) await client.flows.validate(json);
        const added = [];
        for (const { json } of loaded) added.push(await client.flows.add(json));
        return added;
      },
      start: async (target, input, options) => {
        notAFile("flow run takes", target);
        const run = await client.flows.start(target, input, {
          ...(options.idempotencyKey === undefined ? {} : { idempotencyKey: options.idempotencyKey }),
        });
        const cancelled = (): void => {
          // The stream goes on to the run's cancelled event; the cancel is the server's to record.
          void client.runs.cancel(run.id, { wait: 0 }).catch(() => undefined);
        };
        if (!run.reused) options.signal.addEventListener("abort", cancelled, { once: true });
        const ended = (async () => {
          try {
            for await (const event of client.runs.events(run.id)) options.onEvent(event);
          } finally {
            options.signal.removeEventListener("abort", cancelled);
          }
        })();
        return { id: run.id, reused: run.reused, ended };
      },
    },
    runs: {
      page: (filter) => client.runs.page(filter),
      show: (id) => client.runs.show(id),
      history: async (id) => {
        const events: FlowEvent[] = [];
        for await (const event of client.runs.events(id, { follow: false })) events.push(event);
        return events;
      },
      cancel: (id, waitMs) => client.runs.cancel(id, { wait: waitMs }),
      cancelNow: async (id) => {
        await client.runs.cancel(id, { wait: 0 });
        return client.runs.show(id);
      },
      resume: async (ids, onEvent) => {
        const chosen = ids.length > 0 ? ids : await interruptedRuns(client);
        const answers: ({ id: string; run: RunDetails } | { id: string; error: WasmflowError })[] = [];
        const following: Promise<void>[] = [];
        const resumed = new Set<string>();
        for (const id of chosen) {
          try {
            const { seq } = await lastEvent(client, id);
            await client.runs.resume(id);
            resumed.add(id);
            following.push(
              (async () => {
                for await (const event of client.runs.events(id, { after: seq })) onEvent(event);
              })(),
            );
          } catch (error) {
            if (!(error instanceof WasmflowError)) throw error;
            answers.push({ id, error });
          }
        }
        await Promise.allSettled(following);
        for (const id of chosen) if (resumed.has(id)) answers.push({ id, run: await client.runs.show(id) });
        const order = new Map(chosen.map((id, index) => [id, index]));
        answers.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
        // A server does not say which processes run its runs: none are listed as left alone.
        return { answers, ...(ids.length > 0 ? {} : { running: [] as LiveRun[] }) };
      },
    },
  };
}

/** Every run the server reports interrupted, a page at a time. */
async function interruptedRuns(client: WasmflowClient): Promise<string[]> {
  const ids: string[] = [];
  let after: string | undefined;
  do {
    const page = await client.runs.page({
      status: "interrupted",
      limit: 1000,
      ...(after === undefined ? {} : { after }),
    });
    ids.push(...page.runs.map((run) => run.id));
    after = page.next;
  } while (after !== undefined);
  return ids;
}

/** The last event recorded before resuming: the resumed run's events are those after it. */
async function lastEvent(client: WasmflowClient, id: string): Promise<{ seq: number }> {
  let seq = 0;
  for await (const event of client.runs.events(id, { follow: false })) seq = event.seq;
  return { seq };
}
