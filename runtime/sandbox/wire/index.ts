export type { AnswerMessage } from "./answers.js";
export { AnswerWriter, readAnswers } from "./answers.js";
export type { BatchMessage, PlainArgs, Target, WorkerKnowledge } from "./call-batch.js";
export { BatchReader, encodeBatch, TargetTable } from "./call-batch.js";
