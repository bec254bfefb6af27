import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildTasks } from "../../runtime/build/index.js";
import { parseTaskDefinition, type TaskDefinition } from "../../runtime/tasks/index.js";

/**
 * One echo of a string, as a component and as an sdk task, both built at bench time (no built
 * module is committed): the same work behind two ABIs, so their difference is what each ABI costs.
 */

/** The component's world: one function of its own, string in, string out. */
export const echoWit = `package wasmflow:bench@0.1.0;

world echo {
  export run: func(text: string) -> string;
}
`;

/**
 * Its core module, the canonical ABI written out: `cabi_realloc` hands out the input's buffer
 * from a bump heap, `run` answers the same bytes through its return area (pointer, length) and
 * `cabi_post_run` — called once the result is read — empties the heap, so a reused instance
 * starts each call where the first one did.
 */
export const echoWat = `(module
  (memory (export "memory") 1)
  (global $heapBase i32 (i32.const 1024))
  (global $heap (mut i32) (i32.const 1024))
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
    (local $p i32)
    (local.set $p (i32.and (i32.add (global.get $heap) (i32.const 7)) (i32.const -8)))
    (global.set $heap (i32.add (local.get $p) (local.get 3)))
    (if (i32.gt_u (global.get $heap) (i32.mul (memory.size) (i32.const 65536)))
      (then
        (drop (memory.grow
          (i32.add
            (i32.shr_u (i32.sub (global.get $heap) (i32.mul (memory.size) (i32.const 65536))) (i32.const 16))
            (i32.const 1))))))
    (local.get $p))
  (func (export "run") (param i32 i32) (result i32)
    (i32.store (i32.const 16) (local.get 0))
    (i32.store (i32.const 20) (local.get 1))
    (i32.const 16))
  (func (export "cabi_post_run") (param i32)
    (global.set $heap (global.get $heapBase))))`;

/** The component of `echoWit` around `echoWat`, built as wit-component builds one. */
export async function echoComponent(): Promise<Uint8Array> {
  const { componentEmbed, componentNew, parse } = await import("@bytecodealliance/jco-transpile/wasm-tools");
  const core = await parse(echoWat);
  return componentNew(await componentEmbed({ binary: core, witSource: echoWit, world: "echo" }));
}

/** The sdk task's source: the guest SDK decodes the input and encodes the output around it. */
const echoSdkSource = "export function run(text: string): string {\n  return text;\n}\n";

/**
 * Builds the sdk echo (AssemblyScript, through the guest SDK, with the project's asconfig) in a
 * project of its own under `home`: its definition, parsed, and its module's bytes.
 */
export async function buildSdkEcho(
  root: string,
  home: string,
  name: string,
): Promise<{ definition: TaskDefinition; module: Uint8Array }> {
  const project = join(home, "sdk-echo");
  const folder = join(project, "tasks", name);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(project, "asconfig.json"), readFileSync(join(root, "asconfig.json")));
  writeFileSync(join(folder, "index.ts"), echoSdkSource);
  const fields = {
    name,
    description: "answers its input (benchmarks only)",
    abi: "sdk",
    source: "index.ts",
    module: `../../build/${name}.wasm`,
    input: "string",
    output: "string",
    limits: { maxMemoryPages: 16 },
  };
  writeFileSync(join(folder, `${name}.task.json`), JSON.stringify(fields));
  const built = await buildTasks({ root: project });
  const module = built.modules[0]?.module;
  if (module === undefined) throw new Error(`building ${name} wrote no module`);
  return { definition: parseTaskDefinition(fields), module: readFileSync(module) };
}
