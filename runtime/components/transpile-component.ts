import { bindingsAsFunctionBody, bindingsShapeProblem } from "./bindings-source.js";
import { TranspileThreadError, transpileInThread } from "./transpile-thread.js";

/**
 * A component as jco's bindings run it: the bindings (as the body of a function of `module`, see
 * `bindings-source.ts`) and the core modules they ask for by name, in the order jco wrote them.
 */
export interface TranspiledComponent {
  readonly bindings: string;
  readonly cores: readonly { readonly name: string; readonly bytes: Uint8Array }[];
}

/** Transpiling failed, or gave output of a shape the sandbox does not load. */
export class ComponentTranspileError extends Error {}

/** The jco-transpile release package.json pins: part of every cache key (its output changes with it). */
export const jcoTranspileVersion = "0.15.0";

/**
 * Sync instantiation (the caller hands in compiled core modules, so workers never compile),
 * core modules as separate files rather than inlined base64, a top-level `result`'s err thrown as
 * jco's ComponentError (its `payload` is the err value), no TypeScript declarations.
 */
export const transpileOptions = {
  name: "component",
  instantiation: "sync",
  base64Cutoff: 0,
  emitTypescriptDeclarations: false,
  noComponentErrorWrapping: false,
  tlaCompat: false,
} as const;

/** Transpiles a component's bytes, in the transpile thread (see `transpile-thread.ts`). @throws ComponentTranspileError */
export async function transpileComponent(bytes: Uint8Array): Promise<TranspiledComponent> {
  let files: Record<string, Uint8Array>;
  try {
    files = await transpileInThread(bytes, transpileOptions);
  } catch (error) {
    if (!(error instanceof TranspileThreadError)) throw error;
    throw new ComponentTranspileError(`jco could not transpile the component: ${error.message}`, { cause: error });
  }
  const js = files[`${transpileOptions.name}.js`];
  if (js === undefined) throw new ComponentTranspileError("jco wrote no bindings");
  const source = new TextDecoder().decode(js);
  const problem = bindingsShapeProblem(source);
  if (problem !== undefined) throw new ComponentTranspileError(`jco's bindings have an unexpected shape: ${problem}`);
  const cores = Object.entries(files)
    .filter(([name]) => name.endsWith(".wasm"))
    .map(([name, data]) => ({ name, bytes: new Uint8Array(data) }));
  return { bindings: bindingsAsFunctionBody(source), cores };
}
