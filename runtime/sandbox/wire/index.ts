export type { AnswerMessage } from "./answers.js";
export { AnswerWriter, readAnswers } from "./answers.js";
export type { BatchMessage, PlainArgs } from "./call-batch.js";
export { decodeBatch, encodeBatch } from "./call-batch.js";
