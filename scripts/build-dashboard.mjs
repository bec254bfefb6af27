// Builds the web dashboard (dashboard/, Vite + React) into dist/dashboard/, which `wasmflow serve`
// serves at `/` and the package ships. Each asset also gets a gzip and a brotli copy beside it, so
// the server sends compressed bytes without compressing on every request. Runs from `npm run build`.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { build } from "vite";

const root = new URL("..", import.meta.url).pathname;
await build({ configFile: join(root, "dashboard", "vite.config.ts"), logLevel: "warn" });

const assets = join(root, "dist", "dashboard", "assets");
for (const name of readdirSync(assets)) {
  if (!/\.(js|css|svg|json)$/.test(name)) continue;
  const bytes = readFileSync(join(assets, name));
  writeFileSync(join(assets, `${name}.gz`), gzipSync(bytes, { level: 9 }));
  writeFileSync(
    join(assets, `${name}.br`),
    brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  );
}
