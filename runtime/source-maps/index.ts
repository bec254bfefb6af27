export type { GuestFrame, GuestStack, SourcePosition } from "./guest-stack.js";
export { formatPosition, guestStack } from "./guest-stack.js";
export { sourceMapCaps, sourceMapSection } from "./limits.js";
export type { GuestSourceMap } from "./read-source-map.js";
export { readSourceMap } from "./read-source-map.js";
export type { MappedPosition } from "./scan-mappings.js";
export { scanMappings } from "./scan-mappings.js";
