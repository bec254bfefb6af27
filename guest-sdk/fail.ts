import { fail as hostFail } from "./wasmflow";

/**
 * Ends the call: the run fails with `message` as its error. It never returns, but AssemblyScript
 * cannot know that, so a function that must return a value follows it with `unreachable()`.
 */
export function fail(message: string): void {
  const bytes = String.UTF8.encode(message);
  hostFail(changetype<usize>(bytes), bytes.byteLength);
  unreachable();
}
