import { expect, test } from "vitest";
import { cli } from "../helpers/cli.js";
import { hostileCorpus, hostileModule } from "../helpers/hostile-corpus.js";
import { tempProject } from "../helpers/project.js";
import { definition } from "../helpers/task-modules.js";

// A table with no maximum, grown in a loop, once made V8 abort the whole process running it
// (exit 134, no JSON, nothing a library host could catch). Run as a user would, each command must
// end on its own terms, with one typed error document.
test("the table bomb is refused by task add and task run; the process exits 2 with a typed error", async () => {
  const entry = hostileCorpus().find((e) => e.name === "table-grow-no-maximum");
  if (entry === undefined) throw new Error("the corpus has no table-grow-no-maximum");
  const project = tempProject("wf-table-bomb-");
  project.write("build/bomb.wasm", await hostileModule(entry));
  const file = project.write(
    "tasks/bomb/bomb.task.json",
    JSON.stringify(definition({ name: "bomb", module: "../../build/bomb.wasm", limits: { timeoutMs: 20_000 } })),
  );
  const common = ["--json", "--home", project.home, "--root", project.root];
  for (const args of [
    ["task", "add", file],
    ["task", "run", file, "--input", '{"text": "boom"}'],
  ]) {
    const result = cli([...args, ...common]);
    expect({ code: result.code, stderr: result.stderr }).toMatchObject({ code: 2 });
    expect(result.json()).toMatchObject({
      error: { code: "TASK_INVALID", issues: [expect.objectContaining({ code: "TABLE_NO_MAXIMUM" })] },
    });
  }
});
