import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { flowLimits, loadFlowDefinition } from "../../../runtime/flows/definition/index.js";
import { flowJson } from "./flow-definition.js";

function tempFile(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "wf-flow-")), name);
  writeFileSync(file, text);
  return file;
}

test("a valid file loads with its absolute path and folder", async () => {
  const file = tempFile("greet.flow.json", JSON.stringify(flowJson()));
  const loaded = await loadFlowDefinition(file);
  expect(loaded.file).toBe(file);
  expect(loaded.dir).toBe(join(file, ".."));
  expect(loaded.definition.name).toBe("greet");
});

test("a file that is not JSON is a DefinitionError naming the file", async () => {
  const file = tempFile("bad.flow.json", "{ steps: ");
  await expect(loadFlowDefinition(file)).rejects.toMatchObject({
    code: "DEFINITION_INVALID",
    issues: [{ code: "JSON_SYNTAX", path: "(root)" }],
  });
  await expect(loadFlowDefinition(file)).rejects.toThrow(file);
});

test("schema problems in a file come back with the file's name", async () => {
  const file = tempFile("bad.flow.json", JSON.stringify(flowJson({ name: "Bad" })));
  await expect(loadFlowDefinition(file)).rejects.toMatchObject({
    code: "DEFINITION_INVALID",
    file,
    issues: [{ code: "INVALID_FORMAT", path: "name" }],
  });
});

test("a missing file is FILE_UNREADABLE, a folder FILE_NOT_REGULAR", async () => {
  await expect(loadFlowDefinition("/nonexistent/x.flow.json")).rejects.toMatchObject({
    issues: [{ code: "FILE_UNREADABLE" }],
  });
  await expect(loadFlowDefinition(tmpdir())).rejects.toMatchObject({
    issues: [{ code: "FILE_NOT_REGULAR", actual: "directory" }],
  });
});

test("a file over the size cap is refused before it is read", async () => {
  const file = tempFile("huge.flow.json", " ".repeat(flowLimits.maxFileBytes + 1));
  await expect(loadFlowDefinition(file)).rejects.toMatchObject({ issues: [{ code: "FILE_TOO_LARGE" }] });
});
