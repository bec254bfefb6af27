import { type Issue, ModuleParseError } from "../errors/index.js";
import { type ComponentTypes, readComponentTypes } from "../wasm/index.js";
import type { ComponentBinding, ComponentTaskSignature } from "./binding.js";
import { checkComponentImports } from "./check-imports.js";
import { checkComponentSignature } from "./check-signature.js";

/** Options of {@link checkComponent}. */
export interface ComponentCheckOptions {
  /**
   * The imports the component may have: interface names (`wasi:random/random@0.2.12`, or
   * `wasi:random/random@0.2.x` for any 0.2 version) and world function names. None by default.
   */
  readonly allowedImports?: ReadonlySet<string>;
  /** Components larger than this many bytes are refused unread (`readComponentTypes`' default otherwise). */
  readonly maxBytes?: number;
}

export interface ComponentCheck {
  /** Every way the component disagrees with the definition; empty when it may be registered. */
  readonly issues: readonly Issue[];
  /** The component's types, when its bytes could be read. */
  readonly types?: ComponentTypes;
  /** How to call it, when there are no issues. */
  readonly binding?: ComponentBinding;
}

const noImports: ReadonlySet<string> = new Set();

/**
 * Reads a component's types and checks them against a task definition: the function it names,
 * its parameters and result against the input and output, and its imports against the
 * allow-list. Every problem is an issue, all found at once; bytes that cannot be read as a
 * component are one issue (`MODULE_MALFORMED`, at `module`).
 * @throws UsageError when `bytes` is not a Uint8Array.
 */
export function checkComponent(
  bytes: Uint8Array,
  task: ComponentTaskSignature,
  options: ComponentCheckOptions = {},
): ComponentCheck {
  let types: ComponentTypes;
  try {
    types = readComponentTypes(bytes, options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes });
  } catch (error) {
    if (!(error instanceof ModuleParseError)) throw error;
    return {
      issues: [
        { code: "MODULE_MALFORMED", path: "module", expected: "a WebAssembly component", message: error.message },
      ],
    };
  }
  const signature = checkComponentSignature(types, task);
  const issues = [...signature.issues, ...checkComponentImports(types.imports, options.allowedImports ?? noImports)];
  if (issues.length > 0 || signature.binding === undefined) return { issues, types };
  return { issues, types, binding: signature.binding };
}
