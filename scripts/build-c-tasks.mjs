// Rebuilds the example tasks written in C (tasks/*/*.c) with clang and lld from Debian's packages
// (`apt-get install clang-14 lld-14`). Their modules are committed beside the source, so
// `npm start` needs no C compiler; test/examples checks that the committed module is what this
// script makes of the source. Freestanding wasm32: no libc, no imports, the memory exported and
// left without a maximum, as C toolchains make it — registration imposes the task's limit.
import { execFileSync } from "node:child_process";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { glob } from "tinyglobby";

const root = fileURLToPath(new URL("..", import.meta.url));

/**
 * The environment clang runs in: PATH without node_modules/.bin. clang hands its wasm output to
 * any `wasm-opt` it finds on PATH, and binaryen (a dependency of a dependency) puts one there
 * under `npm run` and `npx`: the module would then depend on how the script was started.
 */
export function clangEnv() {
  const path = (process.env.PATH ?? "").split(":").filter((dir) => !dir.includes("node_modules"));
  return { ...process.env, PATH: path.join(":") };
}

/** The first clang on PATH: Debian installs it versioned. */
export function findClang() {
  for (const name of ["clang-14", "clang"]) {
    try {
      execFileSync(name, ["--version"], { stdio: "ignore", env: clangEnv() });
      return name;
    } catch {}
  }
  return undefined;
}

/** The clang command line for one source; the module lands beside it. */
export function clangArgs(source) {
  const out = join(dirname(source), `${basename(source, ".c")}.wasm`);
  return ["--target=wasm32", "-O2", "-nostdlib", "-Wl,--no-entry", "-o", out, source];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const clang = findClang();
  if (clang === undefined) {
    console.error("no clang found: apt-get install clang-14 lld-14");
    process.exit(1);
  }
  for (const source of await glob("tasks/*/*.c", { cwd: root, absolute: true })) {
    execFileSync(clang, clangArgs(source), { stdio: "inherit", env: clangEnv() });
    console.log(`built ${source.slice(root.length)}`);
  }
}
