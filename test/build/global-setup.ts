import type { TestProject } from "vitest/node";
import { buildTasks } from "../../runtime/build/index.js";
import { sharedFixtures } from "./fixture-modules.js";
import { fixtureProject } from "./fixture-project.js";

/** Builds the AssemblyScript fixtures once per run, for every test file that only runs them. */
export default async function setup(project: TestProject): Promise<void> {
  const root = fixtureProject(sharedFixtures);
  await buildTasks({ root });
  project.provide("asFixtureRoot", root);
}
