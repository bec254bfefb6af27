import { exitCodes, Output } from "./output.js";

/**
 * What ends the process when something escapes every command — an error thrown from a callback,
 * a promise rejected with no one waiting: one `INTERNAL` error like any other, exit code 1,
 * never Node's stack dump. With `--json`, stdout still holds at most one document: if a command
 * already printed its result, the error goes to stderr as text.
 */
export function installLastResort(argv: readonly string[]): void {
  const json = argv.includes("--json");
  const verbose = argv.includes("--verbose");
  const end = (error: unknown): void => {
    const output = new Output(json && !Output.printedDocument, process.stdout, process.stderr, verbose);
    output.error(error);
    process.exit(exitCodes.failed);
  };
  process.on("uncaughtException", end);
  process.on("unhandledRejection", end);
}
