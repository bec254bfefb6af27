import { inject } from "vitest";
import { buildTasks } from "../../runtime/build/index.js";
import { compileTaskModule } from "../helpers/host-memory.js";
import { fixtureProject, readModule } from "./fixture-project.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** Project root where `global-setup.ts` built the fixtures of `sharedFixtures`, when it ran. */
    asFixtureRoot: string | undefined;
  }
}

/** The fixtures whose built modules the guest SDK tests share: everything that compiles. */
export const sharedFixtures = [
  "roundtrip",
  "host-calls",
  "dynamic",
  "scalars",
  "indirect",
  "wit-types",
  "shapes",
  "tasks/word-count",
] as const;

/**
 * A fixture's compiled module: from the run's shared build when the global setup is wired,
 * otherwise built here, in this test file's own project.
 */
export async function fixtureModule(name: (typeof sharedFixtures)[number]): Promise<WebAssembly.Module> {
  let root = inject("asFixtureRoot");
  if (root === undefined) {
    root = fixtureProject([name]);
    await buildTasks({ root });
  }
  return compileTaskModule(readModule(root, name));
}
