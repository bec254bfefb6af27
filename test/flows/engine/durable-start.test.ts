import { describe, expect, test } from "vitest";
import { type ChildExit, spawnChild } from "./fixtures/child.js";
import { openProject, root } from "./fixtures/project.js";

// startFlow hands back a run id only once that run is committed. Children start a run, print its
// id and then hold their main thread, so nothing more is committed; this process SIGKILLs each the
// moment it reads the id. Every id must name an interrupted run that resumes to the right output.

const kills = 50;
/** Children alive at once: each is mostly Node starting up, so a few overlap well on two cores. */
const atOnce = 5;
const input = { text: "WebAssembly tasks run in a sandbox", n: 30 };

/** Starts one child and kills it as soon as it prints the id startFlow resolved with. */
async function startAndKill(home: string): Promise<ChildExit> {
  const child = spawnChild({ home, root, flow: "recover", input, hold: true }, (line) => {
    if (line.kind === "started") child.kill("SIGKILL");
  });
  return child.exit;
}

describe("a started run is a committed run", () => {
  test(`${kills} children killed the moment startFlow resolved: every id resumes and finishes`, async () => {
    const { wf, home } = await openProject();
    try {
      const expected = await wf.runFlow("recover", input);
      expect(expected.status).toBe("succeeded");

      const exits: ChildExit[] = [];
      for (let next = 0; next < kills; next += atOnce) {
        exits.push(...(await Promise.all(Array.from({ length: atOnce }, () => startAndKill(home)))));
      }
      for (const exit of exits) {
        expect({ signal: exit.signal, stderr: exit.stderr, result: exit.result }).toEqual({
          signal: "SIGKILL",
          stderr: "",
          result: undefined,
        });
      }
      const ids = exits.map((exit) => exit.started?.id as string);
      expect(new Set(ids).size).toBe(kills);

      // Found, and interrupted: not one lost (a lost id would be listed here).
      const found = new Map(wf.runs.list({ limit: 1000 }).map((run) => [run.id, run.status] as const));
      expect(ids.filter((id) => found.get(id) !== "interrupted")).toEqual([]);
      expect(found.size).toBe(kills + 1);

      const resumed = wf.resumeRuns(ids);
      expect(resumed.map((run) => run.id)).toEqual(ids);
      const results = await Promise.all(resumed.map((run) => run.result));
      for (const result of results) {
        expect(result).toMatchObject({ status: "succeeded", output: expected.output });
      }
      expect(wf.runs.list({ status: "interrupted", limit: 1000 })).toEqual([]);
    } finally {
      await wf.close();
    }
  }, 120_000);
});
