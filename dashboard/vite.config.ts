import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The dashboard is built into dist/dashboard/ at `npm run build` and served by `wasmflow serve`
// at `/`, same origin as the API: no CDN, nothing fetched from elsewhere, so it works offline.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/",
  plugins: [react()],
  logLevel: "warn",
  build: {
    outDir: fileURLToPath(new URL("../dist/dashboard", import.meta.url)),
    emptyOutDir: true,
    // Source maps stay out of the package: the dashboard ships as built files only.
    sourcemap: false,
    chunkSizeWarningLimit: 2048,
  },
});
