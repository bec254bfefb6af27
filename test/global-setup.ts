import { fileURLToPath } from "node:url";
import { buildTasks } from "../runtime/build/index.js";

/** Builds the example tasks once per test run, as `wasmflow build` would, into build/tasks/. */
export default async function setup(): Promise<void> {
  const root = fileURLToPath(new URL("..", import.meta.url));
  await buildTasks({ root });
}
