export type { CreatedToken, TokenInfo, TokenScope } from "./token-registry.js";
export { TokenRegistry, tokenScopes } from "./token-registry.js";
