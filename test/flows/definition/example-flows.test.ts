import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { loadFlowDefinition } from "../../../runtime/flows/definition/index.js";

const flowsDir = fileURLToPath(new URL("../../../flows/", import.meta.url));
const files = readdirSync(flowsDir).filter((name) => name.endsWith(".flow.json"));

test("the repository ships the eight example flows", () => {
  expect(files.sort()).toEqual([
    "cipher-slug.flow.json",
    "flaky-retry.flow.json",
    "profile-fallback.flow.json",
    "retry-fib.flow.json",
    "score-text.flow.json",
    "text-card.flow.json",
    "text-profile.flow.json",
    "triage-text.flow.json",
  ]);
});

test.each(files)("%s parses, its name matches its file, and its initial input fits its type", async (name) => {
  const { definition } = await loadFlowDefinition(`${flowsDir}${name}`);
  expect(`${definition.name}.flow.json`).toBe(name);
  expect(definition.initial).toBeDefined();
  expect(definition.$schema).toBe("../schemas/flow-definition.schema.json");
});
