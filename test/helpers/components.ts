// Builds WebAssembly components at test time, as wit-component does for real tasks: a core
// module (from WAT, or the stand-in wit-component writes for a world) embedded with its WIT and
// wrapped into a component. jco's tools are loaded once per process, on first use.
import { readFile } from "node:fs/promises";
import { wat } from "./wat.js";

type WasmTools = typeof import("@bytecodealliance/jco-transpile/wasm-tools");
type Transpiler = typeof import("@bytecodealliance/jco-transpile");
let wasmTools: Promise<WasmTools> | undefined;
let transpiler: Promise<Transpiler> | undefined;

function tools(): Promise<WasmTools> {
  wasmTools ??= import("@bytecodealliance/jco-transpile/wasm-tools");
  return wasmTools;
}

/**
 * A component of `world` in `wit` whose core module is a stand-in wit-component generates (every
 * export traps): what type-reading tests need, for any world, without writing core signatures.
 */
export async function componentOfWorld(wit: string, world: string): Promise<Uint8Array> {
  const { componentEmbed, componentNew } = await tools();
  return componentNew(await componentEmbed({ dummy: true, witSource: wit, world }));
}

/** A component of `world` whose core module is `source`, WAT exporting each function by its canonical core name. */
export async function componentOfWat(source: string, wit: string, world: string): Promise<Uint8Array> {
  const { componentEmbed, componentNew } = await tools();
  const core = await wat(source);
  return componentNew(await componentEmbed({ binary: core, witSource: wit, world }));
}

/**
 * jco's bindings of a component in sync instantiation mode, loaded and instantiated with
 * `imports`: the object of its exports.
 */
export async function instantiateComponent(
  component: Uint8Array,
  imports: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  transpiler ??= import("@bytecodealliance/jco-transpile");
  const { transpileBytes } = await transpiler;
  const { files } = await transpileBytes(component, {
    name: "component",
    instantiation: "sync",
    base64Cutoff: 0,
    emitTypescriptDeclarations: false,
  });
  const source = new TextDecoder().decode(files["component.js"]);
  const url = `data:text/javascript;base64,${Buffer.from(source).toString("base64")}`;
  const bindings = (await import(url)) as {
    instantiate(
      getCoreModule: (name: string) => WebAssembly.Module,
      imports: Record<string, unknown>,
    ): Record<string, unknown>;
  };
  const modules = new Map<string, WebAssembly.Module>();
  return bindings.instantiate((name) => {
    let module = modules.get(name);
    if (module === undefined) {
      const bytes = files[name];
      if (bytes === undefined) throw new Error(`the bindings asked for ${name}, which transpile did not write`);
      module = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
      modules.set(name, module);
    }
    return module;
  }, imports);
}

/** A component from test/fixtures/components/: `<name>.wat`, the core module of `<name>.wit`'s world `<name>`. */
export async function componentFixture(name: string): Promise<Uint8Array> {
  const folder = new URL("../fixtures/components/", import.meta.url);
  const [source, wit] = await Promise.all([
    readFile(new URL(`${name}.wat`, folder), "utf8"),
    readFile(new URL(`${name}.wit`, folder), "utf8"),
  ]);
  return componentOfWat(source, wit, name);
}
