export { checkValue, fromJson } from "./check-value.js";
export { maxIssues } from "./input-issues.js";
export type { InvalidValue } from "./invalid-input.js";
export { invalidInputError, invalidInputMessage } from "./invalid-input.js";
export { plainArgs, plainResult } from "./plain-values.js";
export type { ValueCodec } from "./value-codec.js";
export { compileValueCodec } from "./value-codec.js";
