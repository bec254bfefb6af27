// The types of the executor a flow engine is handed, as a file of types alone: the engine names
// the runner it is given and reads its results, but never loads the sandbox itself (the lint
// rules for flows/ allow this file and nothing else of the sandbox, and `export type` makes
// TypeScript refuse any import of it that is not type-only).
export type { LogRecord } from "./protocol.js";
export type { RunOptions } from "./run-options.js";
export type { RunnableTask, RunResult, TaskRunner } from "./runner.js";
