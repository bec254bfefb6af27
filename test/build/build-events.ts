import type { BuildEvent, BuildOptions, BuildResult } from "../../runtime/build/index.js";
import { buildTasks } from "../../runtime/build/index.js";

/** Runs a build and records its events; the outcome is the result or the thrown error. */
export async function recordBuild(
  options: BuildOptions,
): Promise<{ outcome: BuildResult | unknown; events: BuildEvent[] }> {
  const events: BuildEvent[] = [];
  try {
    const outcome = await buildTasks({ ...options, onEvent: (event) => void events.push(event) });
    return { outcome, events };
  } catch (error) {
    return { outcome: error, events };
  }
}
