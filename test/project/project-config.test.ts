import { join } from "node:path";
import { expect, test } from "vitest";
import { DefinitionError } from "../../runtime/errors/index.js";
import { loadProject } from "../../runtime/project/index.js";
import { tempProject } from "../helpers/project.js";

async function refusal(root: string): Promise<DefinitionError> {
  const error = await loadProject(root).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DefinitionError);
  return error as DefinitionError;
}

test("without wasmflow.config.json a project has the default layout", async () => {
  const { root } = tempProject();
  expect(await loadProject(root)).toEqual({
    root,
    configFile: undefined,
    tasksDir: join(root, "tasks"),
    flowsDir: join(root, "flows"),
    home: undefined,
  });
});

test("the configuration sets the task, flow and store folders, relative to the root", async () => {
  const { root, write } = tempProject();
  const file = write(
    "wasmflow.config.json",
    JSON.stringify({
      $schema: "./node_modules/wasmflow/schemas/project-config.schema.json",
      tasks: "lib/tasks",
      flows: "lib/flows",
      home: "var/store",
    }),
  );
  expect(await loadProject(root)).toEqual({
    root,
    configFile: file,
    tasksDir: join(root, "lib/tasks"),
    flowsDir: join(root, "lib/flows"),
    home: join(root, "var/store"),
  });
});

test("a configuration that is not JSON is DEFINITION_INVALID with JSON_SYNTAX", async () => {
  const { root, write } = tempProject();
  write("wasmflow.config.json", "{ tasks: lib }");
  const error = await refusal(root);
  expect(error.code).toBe("DEFINITION_INVALID");
  expect(error.issues.map((i) => i.code)).toEqual(["JSON_SYNTAX"]);
  expect(error.message).toMatch(/^invalid project configuration \(.*wasmflow\.config\.json\)/);
});

test("unknown keys and wrong types are listed together", async () => {
  const { root, write } = tempProject();
  write("wasmflow.config.json", JSON.stringify({ task: "lib", flows: 3 }));
  const error = await refusal(root);
  expect(error.issues.map((i) => i.path).sort()).toEqual(["(root)", "flows"]);
  expect(error.message).toContain("task");
});

test("a folder outside the project root is refused, as module paths are", async () => {
  const { root, write } = tempProject();
  write("wasmflow.config.json", JSON.stringify({ home: "../elsewhere" }));
  const error = await refusal(root);
  expect(error.issues).toEqual([
    expect.objectContaining({ code: "FOLDER_OUTSIDE_ROOT", path: "home", actual: "../elsewhere" }),
  ]);
});

test("an empty folder name is refused", async () => {
  const { root, write } = tempProject();
  write("wasmflow.config.json", JSON.stringify({ tasks: "" }));
  expect((await refusal(root)).issues.map((i) => i.path)).toEqual(["tasks"]);
});
