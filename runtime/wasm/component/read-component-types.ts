import { ModuleParseError, UsageError } from "../../errors/index.js";
import { inspectDefaults } from "../inspect.js";
import { Reader } from "../reader.js";
import { readComponent } from "./read-sections.js";
import { Resolver } from "./resolve.js";
import type { Extern, Item, Scope } from "./scope.js";
import type {
  ComponentExport,
  ComponentFunctionExport,
  ComponentImport,
  ComponentItemKind,
  ComponentTypes,
} from "./types.js";

/** Options of {@link readComponentTypes}. */
export interface ComponentReadOptions {
  /**
   * Components larger than this many bytes are refused before anything is decoded.
   * @default 67108864 (64 MiB)
   */
  readonly maxBytes?: number;
}

/**
 * Reads a component's exported functions, with their WIT types, and its imports, from its
 * bytes alone: nothing is compiled or run, and the core modules inside are skipped.
 *
 * Whatever the bytes, this returns or throws ModuleParseError: counts and lengths are bounded by
 * the bytes that remain, and nesting and the work of resolving types by `componentLimits`.
 *
 * @throws ModuleParseError (code `MODULE_MALFORMED`) when the bytes are not a component, cannot
 *   be decoded, or use what this reader does not know (async built-ins, core types in type declarations).
 * @throws UsageError when `bytes` is not a Uint8Array or an option is out of range.
 * @example
 * const { functions } = readComponentTypes(bytes);
 * for (const f of functions) console.log(f.path, formatWitFunction(f.type));
 */
export function readComponentTypes(bytes: Uint8Array, options: ComponentReadOptions = {}): ComponentTypes {
  if (Object.prototype.toString.call(bytes) !== "[object Uint8Array]") {
    throw new UsageError("bytes must be a Uint8Array");
  }
  const maxBytes = options.maxBytes ?? inspectDefaults.maxModuleBytes;
  if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0) {
    throw new UsageError("options.maxBytes must be a positive integer");
  }
  if (bytes.length > maxBytes) {
    throw new ModuleParseError(`component is ${bytes.length} bytes, more than the maximum of ${maxBytes}`, {
      size: bytes.length,
    });
  }
  try {
    return read(bytes);
  } catch (error) {
    if (error instanceof ModuleParseError) throw error;
    // A bug of ours, or the engine running out of stack: still the one error this promises.
    const reason = error instanceof Error ? error.message : String(error);
    throw new ModuleParseError(`could not read the component: ${reason}`, { size: bytes.length }, error);
  }
}

function read(bytes: Uint8Array): ComponentTypes {
  const root = readComponent(new Reader(bytes), undefined);
  const resolver = new Resolver(bytes.length);
  return {
    size: bytes.length,
    exports: root.exports.map((e): ComponentExport => ({ name: e.name, kind: itemKind(e) })),
    functions: exportedFunctions(root, resolver),
    imports: root.imports.map((i) => describeImport(i, resolver)),
  };
}

function itemKind(item: Item): ComponentItemKind {
  return item.sort === "core" ? "core-module" : item.sort;
}

function exportedFunctions(root: Scope, resolver: Resolver): ComponentFunctionExport[] {
  const functions: ComponentFunctionExport[] = [];
  for (const item of root.exports) {
    if (item.sort === "func") {
      functions.push({ path: item.name, type: resolver.funcType(item.entry) });
    } else if (item.sort === "instance") {
      for (const inner of resolver.instanceExports(item.entry)) {
        if (inner.sort === "func")
          functions.push({ path: `${item.name}#${inner.name}`, type: resolver.funcType(inner.entry) });
      }
    }
  }
  return functions;
}

function describeImport(item: Extern, resolver: Resolver): ComponentImport {
  switch (item.sort) {
    case "instance": {
      const exports = resolver.instanceExports(item.entry);
      return {
        name: item.name,
        kind: "instance",
        functions: exports.flatMap((e) =>
          e.sort === "func" ? [{ name: e.name, type: resolver.funcType(e.entry) }] : [],
        ),
        types: exports.flatMap((e) => (e.sort === "type" ? [e.name] : [])),
      };
    }
    case "func":
      return { name: item.name, kind: "func", type: resolver.funcType(item.entry) };
    case "type":
      return { name: item.name, kind: "type", bound: item.bound ?? "eq" };
    default:
      return { name: item.name, kind: itemKind(item) as "component" | "core-module" | "value" };
  }
}
