export { maxIssues } from "./input-issues.js";
export { plainArgs, plainResult } from "./plain-values.js";
export type { ValueCodec } from "./value-codec.js";
export { compileValueCodec } from "./value-codec.js";
