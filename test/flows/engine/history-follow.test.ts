import { describe, expect, test } from "vitest";
import { toJsonValue } from "../../../runtime/flows/index.js";
import type { FlowEvent } from "../../../runtime/index.js";
import { cli } from "../../helpers/cli.js";
import { spawnChild } from "./fixtures/child.js";
import { openProject, root } from "./fixtures/project.js";

// A run's history is in the store, written with the state it describes: a process that did not
// start the run follows it live, across the death of the process that drove it and the resumption
// that finished it, and sees exactly what `runs show --events` prints afterwards.

/** fib runs for about a second: the kill after slug lands while fib is still in its call. */
const input = { text: "history that outlives its process", n: 2_000_000_000 };

describe("wf.history follows a run driven by another process", () => {
  test("followed through a SIGKILL and a resume: gap-free, in order, equal to runs show --events", async () => {
    const { wf, home } = await openProject();
    try {
      let following: Promise<FlowEvent[]> | undefined;
      const follow = async (id: string): Promise<FlowEvent[]> => {
        const seen: FlowEvent[] = [];
        for await (const event of wf.history(id)) seen.push(event);
        return seen;
      };
      const child = spawnChild(
        { home, root, flow: "recover", input, kill: { type: "step-completed", step: "slug" } },
        (line) => {
          // The parent starts following on the child's first word of the run, from seq 0.
          if (following === undefined && line.kind === "event") following = follow(line.event.runId);
        },
      );
      const killed = await child.exit;
      expect(killed.signal).toBe("SIGKILL");
      const id = killed.runId as string;
      expect(killed.result).toBeUndefined();
      expect(wf.runs.show(id).status).toBe("interrupted");

      const [resumed] = wf.resumeRuns([id]);
      expect(await resumed?.result).toMatchObject({ id, status: "succeeded" });
      const followed = await (following as Promise<FlowEvent[]>);

      // Gap-free and in order, from 1.
      expect(followed.map((event) => event.seq)).toEqual(followed.map((_, i) => i + 1));
      // Everything the child told its listener before it died is in the history, as it was told.
      const childSaw = killed.events.map(({ seq, type, ...rest }) => ({
        seq,
        type,
        step: "step" in rest ? rest.step : undefined,
      }));
      expect(
        followed
          .slice(0, childSaw.length)
          .map(({ seq, type, ...rest }) => ({ seq, type, step: "step" in rest ? rest.step : undefined })),
      ).toEqual(childSaw);
      expect(killed.events.at(-1)).toMatchObject({ type: "step-completed", step: "slug" });
      // Then the resumption: a second start, fib again under its next attempt, and the end.
      const starts = followed.filter((event) => event.type === "run-started");
      expect(starts.map((event) => event.type === "run-started" && event.resumed)).toEqual([false, true]);
      expect(
        followed
          .filter((event) => event.type === "step-started" && event.step === "fib")
          .map((e) => "attempt" in e && e.attempt),
      ).toEqual([1, 2]);
      expect(followed.at(-1)).toMatchObject({ type: "run-completed", runId: id });
      expect(followed.every((event) => event.runId === id)).toBe(true);

      // The same history, read back by the CLI from the store.
      const shown = cli(["runs", "show", id, "--events", "--json", "--home", home], { cwd: root });
      expect(shown.code).toBe(0);
      const { events } = shown.json() as { events: unknown[] };
      expect(events).toEqual(followed.map((event) => JSON.parse(JSON.stringify(toJsonValue(event)))));
      // And a replay from the middle gives the rest.
      const rest: FlowEvent[] = [];
      for await (const event of wf.history(id, { after: 3 })) rest.push(event);
      expect(rest).toEqual(followed.slice(3));
    } finally {
      await wf.close();
    }
  });

  test("replaying without following ends at the last stored event; an unknown run is RUN_NOT_FOUND", async () => {
    const { wf } = await openProject();
    try {
      const run = await wf.startFlow("flaky-retry");
      const told: FlowEvent[] = [];
      for await (const event of run.events) told.push(event);
      const replayed: FlowEvent[] = [];
      for await (const event of wf.history(run.id, { follow: false })) replayed.push(event);
      // The in-process stream is the stored history, event for event.
      expect(replayed).toEqual(told);
      await expect(async () => {
        for await (const _ of wf.history("nosuchrun")) break;
      }).rejects.toMatchObject({ code: "RUN_NOT_FOUND" });
      expect(() => wf.history(run.id, { after: -1 })).toThrow(expect.objectContaining({ code: "USAGE" }));
    } finally {
      await wf.close();
    }
  });
});
