// Bundles the CLI and the sandbox worker into one file each (dist/bundle/). Node 20 spends most
// of a cold start resolving, reading and linking the ~250 ES modules of the runtime and its
// dependencies one by one; a single file removes that cost for every `wasmflow` command and for
// every worker thread the pool starts. Runs after `tsc`, from `npm run build`.
import { rmSync } from "node:fs";
import { build } from "esbuild";

const root = new URL("..", import.meta.url);
const outdir = new URL("dist/bundle/", root).pathname;

// Left out of the bundles, loaded from node_modules at run time: native addons, the AssemblyScript
// compiler (large and loaded only by `wasmflow build`), and msgpackr, which looks for its optional
// native extension beside itself, and jco-transpile (an ES module with wasm files beside it, loaded by
// `import()` on the host only when a component is transpiled).
const external = [
  "better-sqlite3",
  "assemblyscript",
  "assemblyscript/*",
  "msgpackr",
  "@bytecodealliance/jco-transpile",
  "@bytecodealliance/jco-transpile/*",
];

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  external,
  // jsonc-parser's main entry is a UMD wrapper whose `require`s esbuild cannot follow; its ES module build is the same code.
  alias: { "jsonc-parser": "jsonc-parser/lib/esm/main.js" },
  sourcemap: "linked",
  logLevel: "warning",
  absWorkingDir: root.pathname,
};

rmSync(outdir, { recursive: true, force: true });
await Promise.all([
  // ES module, so `import.meta.url` (the package root is found from it) and the lazy `import()`s
  // of the CLI's commands keep working. Bundled CommonJS dependencies call `require`, which an ES
  // module does not have: the banner gives it one.
  build({
    ...common,
    entryPoints: { cli: "dist/runtime/cli/main.js" },
    outdir,
    outExtension: { ".js": ".mjs" },
    format: "esm",
    // The runtime, the compiler glue and log-update are loaded by `import()` only by the commands
    // that need them; as chunks of their own, `--help` and `--version` do not parse them.
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
    banner: {
      js: "import { createRequire as __wasmflowCreateRequire } from 'node:module';\nconst require = __wasmflowCreateRequire(import.meta.url);",
    },
  }),
  // CommonJS, so a worker thread loads it without Node 20's require(esm), which can abort the
  // process when a worker is terminated mid-load.
  build({
    ...common,
    entryPoints: { worker: "dist/runtime/sandbox/worker.js" },
    outdir,
    outExtension: { ".js": ".cjs" },
    format: "cjs",
  }),
]);
