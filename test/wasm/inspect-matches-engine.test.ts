import asc from "assemblyscript/asc";
import { beforeAll, describe, expect, test } from "vitest";
import { type ExportEntry, type ImportEntry, inspectModule, type ModuleInfo } from "../../runtime/wasm/index.js";
import { engineModule } from "./engine.js";
import { watFixture } from "./fixtures.js";

// The engine reports names and kinds of imports and exports, and checks every import's type when
// it links an instance: both are compared with what inspectModule reads.

const engineKind = { func: "function", table: "table", memory: "memory", global: "global", tag: "tag" } as const;

const assemblyScriptSource = `
  export function add(a: i32, b: i64): f64 { return <f64>a + <f64>b; }
  export function greet(name: string): string { return "hi " + name; }
  export const answer: i32 = 42;
  export let counter: f32 = 0;
  export function bump(): void { counter += 1; }
`;

const modules = new Map<string, Uint8Array>();

beforeAll(async () => {
  modules.set("realistic.wat", await watFixture("realistic.wat"));
  modules.set("every-kind.wat", await watFixture("every-kind.wat"));
  // asc accepts `exportRuntime` though its typings omit it; a variable skips the excess-property check.
  const options = { optimizeLevel: 2, runtime: "incremental", exportRuntime: true, exportTable: true };
  const compiled = await asc.compileString(assemblyScriptSource, options);
  if (compiled.binary === null) throw new Error(`AssemblyScript failed: ${compiled.stderr.toString()}`);
  modules.set("AssemblyScript", compiled.binary);
});

const names = ["realistic.wat", "every-kind.wat", "AssemblyScript"];

function bytesOf(name: string): Uint8Array {
  const bytes = modules.get(name);
  if (bytes === undefined) throw new Error(`no module ${name}`);
  return bytes;
}

type TagConstructor = new (type: { parameters: readonly string[] }) => object;
const { Tag } = WebAssembly as unknown as { Tag: TagConstructor };

/** Builds an import object whose every entry has exactly the type the module declares. */
function importsFor(info: ModuleInfo): WebAssembly.Imports {
  const imports: Record<string, Record<string, WebAssembly.ImportValue | object>> = {};
  const value = (entry: ImportEntry): WebAssembly.ImportValue | object => {
    switch (entry.kind) {
      case "func":
        return () => undefined;
      case "memory":
        return new WebAssembly.Memory({ ...entry.type });
      case "table": {
        const element = entry.type.element === "funcref" ? "anyfunc" : "externref";
        return new WebAssembly.Table({ ...entry.type.limits, element } as WebAssembly.TableDescriptor);
      }
      case "global":
        return new WebAssembly.Global({
          value: entry.type.type,
          mutable: entry.type.mutable,
        } as WebAssembly.GlobalDescriptor);
      case "tag":
        return new Tag({ parameters: entry.type.params });
    }
  };
  for (const entry of info.imports) {
    imports[entry.module] ??= {};
    (imports[entry.module] as Record<string, unknown>)[entry.name] = value(entry);
  }
  return imports as WebAssembly.Imports;
}

function checkAgainstInstance(entry: ExportEntry, exported: unknown): void {
  switch (entry.kind) {
    case "func":
      expect((exported as (...args: unknown[]) => unknown).length, entry.name).toBe(entry.type.params.length);
      break;
    case "memory":
      expect((exported as WebAssembly.Memory).buffer.byteLength, entry.name).toBe(entry.type.initial * 65536);
      break;
    case "table":
      expect((exported as WebAssembly.Table).length, entry.name).toBe(entry.type.limits.initial);
      break;
    case "global": {
      const global = exported as WebAssembly.Global;
      expect(typeof global.value, entry.name).toBe(entry.type.type === "i64" ? "bigint" : "number");
      const current: unknown = global.value;
      const write = (): void => {
        global.value = current;
      };
      if (entry.type.mutable) expect(write, entry.name).not.toThrow();
      else expect(write, entry.name).toThrow(TypeError);
      break;
    }
    case "tag":
      expect(exported, entry.name).toBeInstanceOf(Tag);
      break;
  }
}

describe.each(names)("inspectModule agrees with the engine on %s", (name) => {
  test("export names and kinds, in order", () => {
    const bytes = bytesOf(name);
    const ours = inspectModule(bytes).exports.map((e) => ({ name: e.name, kind: engineKind[e.kind] }));
    expect(ours).toEqual(WebAssembly.Module.exports(engineModule(bytes)));
  });

  test("import modules, names and kinds, in order", () => {
    const bytes = bytesOf(name);
    const ours = inspectModule(bytes).imports.map((i) => ({
      module: i.module,
      name: i.name,
      kind: engineKind[i.kind],
    }));
    expect(ours).toEqual(WebAssembly.Module.imports(engineModule(bytes)));
  });

  test("imports built from the read types link, and exports match the instance", () => {
    const bytes = bytesOf(name);
    const info = inspectModule(bytes);
    const instance = new WebAssembly.Instance(engineModule(bytes), importsFor(info));
    for (const entry of info.exports) checkAgainstInstance(entry, instance.exports[entry.name]);
  });
});

test("a mismatched import type is what the engine refuses to link", () => {
  // Guards the check above: a memory import with a larger maximum than declared does not link.
  const bytes = bytesOf("every-kind.wat");
  const imports = importsFor(inspectModule(bytes));
  (imports.env as Record<string, unknown>).memory = new WebAssembly.Memory({ initial: 1, maximum: 5 });
  expect(() => new WebAssembly.Instance(engineModule(bytes), imports)).toThrow(WebAssembly.LinkError);
});
