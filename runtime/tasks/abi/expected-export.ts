import type { ExternalKind, FuncSignature } from "../../wasm/index.js";

/** An export an ABI requires: its kind and, for functions, its exact core signature. */
export type ExpectedExport =
  | { readonly name: string; readonly kind: "func"; readonly type: FuncSignature; readonly why: string }
  | { readonly name: string; readonly kind: Exclude<ExternalKind, "func">; readonly why: string };
