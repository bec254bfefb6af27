import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, test } from "vitest";
import { cli } from "../helpers/cli.js";
import { tempProject } from "../helpers/project.js";

// Each file keeps a store of its own; the example tasks and flows are registered once here.
const root = fileURLToPath(new URL("../..", import.meta.url));
const home = tempProject("wf-runs-").home;
const wasmflow = (...args: string[]) => cli([...args, "--home", home], { cwd: root });

interface RunJson {
  run: {
    id: string;
    status: string;
    output?: Record<string, unknown>;
    error?: { code: string; step?: string };
    steps: { id: string; status: string; attempts: { status: string }[]; reason?: string }[];
  };
}

beforeAll(() => {
  expect(wasmflow("task", "add").code).toBe(0);
});

describe("wasmflow flow add | list | show", () => {
  test("flow add registers every example flow, and adding them again changes nothing", () => {
    const files = [
      "flows/triage-text.flow.json",
      "flows/profile-fallback.flow.json",
      "flows/flaky-retry.flow.json",
      "flows/retry-fib.flow.json",
    ];
    const first = wasmflow("flow", "add", ...files, "--json");
    expect(first.code).toBe(0);
    expect(first.json()).toMatchObject({
      flows: [
        { name: "triage-text", revision: 1, status: "created", steps: 7 },
        { name: "profile-fallback", status: "created" },
        { name: "flaky-retry", status: "created" },
        { name: "retry-fib", status: "created" },
      ],
    });
    const again = wasmflow("flow", "add", "flows/triage-text.flow.json", "--json");
    expect(again.json()).toMatchObject({ flows: [{ name: "triage-text", revision: 1, status: "unchanged" }] });
  });

  test("flow add of a bad file next to a good one registers neither and exits 2", () => {
    const project = tempProject("wf-flow-add-bad-");
    const bad = project.write(
      "bad.flow.json",
      JSON.stringify({
        name: "bad-one",
        input: { text: "string" },
        steps: [{ id: "a", task: "add", input: { a: "input.text", b: 1 } }],
        output: { x: "steps.a.output" },
      }),
    );
    const result = wasmflow("flow", "add", "flows/score-text.flow.json", bad, "--json");
    expect(result.code).toBe(2);
    expect(result.json()).toMatchObject({ error: { code: "DEFINITION_INVALID" } });
    const names = (wasmflow("flow", "list", "--json").json() as { flows: { name: string }[] }).flows.map((f) => f.name);
    expect(names).not.toContain("score-text");
    expect(names).not.toContain("bad-one");
  });

  test("flow list and flow show describe registered flows; an unknown flow exits 2", () => {
    const list = wasmflow("flow", "list");
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/triage-text\s+1\s+1\.0\.0\s+7/);
    const show = wasmflow("flow", "show", "triage-text@1", "--json");
    expect(show.json()).toMatchObject({ name: "triage-text", revision: 1, definition: { steps: expect.any(Array) } });
    const missing = wasmflow("flow", "show", "nope", "--json");
    expect(missing.code).toBe(2);
    expect(missing.json()).toMatchObject({ error: { code: "FLOW_NOT_FOUND" } });
  });
});

describe("wasmflow flow run | runs", () => {
  test("flow run prints the persisted run with its steps; progress goes to stderr as plain lines", () => {
    const result = wasmflow("flow", "run", "triage-text", "--input", '{"text": "zzz qqq"}');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/succeeded/);
    expect(result.stdout).toMatch(/output {2}\{"score":0,"label":"low"\}/);
    expect(result.stdout).toMatch(/celebrate\s+slugify@1\s+skipped/);
    expect(result.stderr).toMatch(/step score succeeded in [\d.]+ ms \(took arm 2\)/);
    expect(result.stderr).toMatch(/step complain started \(attempt 1, slugify@1\)/);
    // word-count logs its counts; the run shows what each attempt logged.
    expect(result.stdout).toMatch(/guest logs\n {2}count#1 \[info\] 2 words, 0 vowels/);
  });

  test("--json prints only the run document, with every step", () => {
    const result = wasmflow("flow", "run", "triage-text", "--json");
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const { run } = result.json() as RunJson;
    expect(run.status).toBe("succeeded");
    expect(run.steps.map((s) => [s.id, s.status])).toEqual([
      ["count", "succeeded"],
      ["score", "succeeded"],
      ["celebrate", "succeeded"],
      ["shrug", "skipped"],
      ["complain", "skipped"],
      ["report", "succeeded"],
      ["fallback", "skipped"],
    ]);
  });

  test("a flow that fails prints the run and exits 1, naming the failing step", () => {
    const profile = tempProject("wf-flow-fail-");
    const file = profile.write(
      "strict.flow.json",
      JSON.stringify({
        name: "strict-profile",
        input: { email: "string" },
        steps: [
          {
            id: "profile",
            task: "profile",
            input: { name: "'x'", email: "input.email", tags: [], age: null },
            retry: { maxAttempts: 1 },
          },
        ],
        output: { domain: "steps.profile.output.domain" },
      }),
    );
    const failed = wasmflow("flow", "run", file, "--input", '{"email": "nope"}', "--json");
    expect(failed.code).toBe(1);
    const failedRun = (failed.json() as RunJson).run;
    expect(failedRun.status).toBe("failed");
    expect(failedRun.error).toMatchObject({ code: "TASK_FAILED", step: "profile" });
  });

  test("an input of the wrong type exits 2 and stores no run", () => {
    const before = (wasmflow("runs", "list", "--json").json() as { runs: unknown[] }).runs.length;
    const result = wasmflow("flow", "run", "triage-text", "--input", '{"text": 5}', "--json");
    expect(result.code).toBe(2);
    expect(result.json()).toMatchObject({ error: { code: "INPUT_INVALID" } });
    expect((wasmflow("runs", "list", "--json").json() as { runs: unknown[] }).runs.length).toBe(before);
  });

  test("an idempotency key returns the first run; a different input under it exits 2", () => {
    const first = wasmflow("flow", "run", "flaky-retry", "--idempotency-key", "cli-key-1", "--json");
    const second = wasmflow("flow", "run", "flaky-retry", "--idempotency-key", "cli-key-1", "--json");
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    const a = (first.json() as RunJson).run;
    const b = (second.json() as RunJson).run;
    expect(b.id).toBe(a.id);
    expect(b.steps.find((s) => s.id === "fetch")?.attempts.map((x) => x.status)).toEqual(["failed", "succeeded"]);
    const conflict = wasmflow(
      "flow",
      "run",
      "flaky-retry",
      "--idempotency-key",
      "cli-key-1",
      "--input",
      '{"text": "another"}',
      "--json",
    );
    expect(conflict.code).toBe(2);
    expect(conflict.json()).toMatchObject({ error: { code: "IDEMPOTENCY_CONFLICT" } });
  });

  test("runs list filters by flow and status; runs show returns one run; unknown ids exit 2", () => {
    const listed = wasmflow("runs", "list", "--flow", "flaky-retry", "--status", "succeeded", "--json").json() as {
      runs: { id: string; flow: string; status: string }[];
    };
    expect(listed.runs.length).toBeGreaterThan(0);
    expect(listed.runs.every((r) => r.flow === "flaky-retry" && r.status === "succeeded")).toBe(true);
    const id = listed.runs[0]?.id as string;
    const shown = wasmflow("runs", "show", id, "--json").json() as RunJson;
    expect(shown.run.id).toBe(id);
    expect(wasmflow("runs", "show", "no-such-run", "--json").json()).toMatchObject({
      error: { code: "RUN_NOT_FOUND" },
    });
    expect(wasmflow("runs", "list", "--status", "sideways").code).toBe(2);
  });

  test("runs list pages: --limit and the cursor it prints give the next page; a bad cursor exits 2", () => {
    const all = (wasmflow("runs", "list", "--json").json() as { runs: { id: string }[] }).runs.map((r) => r.id);
    expect(all.length).toBeGreaterThan(2);
    const first = wasmflow("runs", "list", "--limit", "1", "--json").json() as { runs: { id: string }[]; next: string };
    const second = wasmflow("runs", "list", "--limit", "1", "--after", first.next, "--json").json() as {
      runs: { id: string }[];
    };
    expect([...first.runs, ...second.runs].map((r) => r.id)).toEqual(all.slice(0, 2));
    const text = wasmflow("runs", "list", "--limit", "1");
    expect(text.stdout).toContain(`more: wasmflow runs list --after ${first.next}`);
    expect(wasmflow("runs", "list", "--after", "nonsense", "--json").json()).toMatchObject({
      error: { code: "USAGE" },
    });
    expect(wasmflow("runs", "list", "--limit", "5000").code).toBe(2);
  });

  // Regression: a step that succeeded on its second attempt showed "2" attempts and nothing of
  // why the first failed; the error was only in --json.
  test("runs show names every failed attempt with its error code and message", () => {
    const id = (wasmflow("runs", "list", "--flow", "flaky-retry", "--json").json() as { runs: { id: string }[] })
      .runs[0]?.id as string;
    const shown = wasmflow("runs", "show", id);
    expect(shown.code).toBe(0);
    const lines = shown.stdout.split("\n");
    const at = lines.indexOf("failed attempts");
    expect(lines.slice(at, at + 3)).toEqual([
      "failed attempts",
      "  fetch#1 [TASK_FAILED] transient failure: rolled 0.09398692487503047 below 0.3",
      "",
    ]);
  });

  test("runs resume with nothing interrupted says so; resuming a finished run exits 2", () => {
    const none = wasmflow("runs", "resume");
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(/no interrupted runs/);
    const id = (wasmflow("runs", "list", "--json").json() as { runs: { id: string }[] }).runs[0]?.id as string;
    const finished = wasmflow("runs", "resume", id, "--json");
    expect(finished.code).toBe(2);
    expect(finished.json()).toMatchObject({ runs: [{ id, resumed: false, error: { code: "RUN_NOT_RESUMABLE" } }] });
  });

  test("runs cancel of a run that succeeded is refused with RUN_FINISHED and leaves it as it was", () => {
    const id = (wasmflow("runs", "list", "--status", "succeeded", "--json").json() as { runs: { id: string }[] })
      .runs[0]?.id as string;
    const result = wasmflow("runs", "cancel", id, "--json");
    expect(result.code).toBe(2);
    expect(result.json()).toMatchObject({ error: { code: "RUN_FINISHED", details: { id, status: "succeeded" } } });
    expect((wasmflow("runs", "show", id, "--json").json() as RunJson).run.status).toBe("succeeded");
  });
});
