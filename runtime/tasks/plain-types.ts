import type { ValueType } from "../values/index.js";
import type { CoreValueType } from "../wasm/index.js";

/**
 * How a declared type crosses a `plain` export as a core value. Numbers map exactly (s64/u64 are
 * i64, passed as BigInt); strings, bytes and lists are pointers into the guest's memory, handled
 * by @assemblyscript/loader, so they need the AssemblyScript runtime exports.
 */
export type PlainMapping = { readonly core: CoreValueType; readonly managed: boolean };

export function plainMapping(type: ValueType): PlainMapping | undefined {
  switch (type.kind) {
    case "bool":
    case "s32":
    case "u32":
      return { core: "i32", managed: false };
    case "s64":
    case "u64":
      return { core: "i64", managed: false };
    case "f32":
      return { core: "f32", managed: false };
    case "f64":
      return { core: "f64", managed: false };
    case "string":
    case "bytes":
      return { core: "i32", managed: true };
    case "list": {
      const element = plainMapping(type.element);
      return element === undefined || element.managed ? undefined : { core: "i32", managed: true };
    }
    case "option":
    case "record":
    case "char":
    case "tuple":
    case "enum":
    case "variant":
    case "result":
    case "flags":
      // No core value holds them as the guest's own types (a char as an i32 would be a bare
      // number in the export's source): registration refuses them with PLAIN_TYPE_UNSUPPORTED.
      return undefined;
  }
}
