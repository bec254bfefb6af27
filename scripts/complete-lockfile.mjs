// The package registry this project installs from serves only some of the platform-specific
// binaries that packages list as optional dependencies (biome's CLI, msgpackr-extract). npm then
// writes a lock file without entries for the missing ones, and `npm ci` refuses that lock file
// as out of sync. This adds an entry for each missing optional dependency, restricted to
// platforms npm never matches, so `npm ci` accepts the lock and skips them.
// Run after any `npm install` that changes package-lock.json: `node scripts/complete-lockfile.mjs`.
import { readFileSync, writeFileSync } from "node:fs";

const path = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(path, "utf8"));
const packages = lock.packages;
const added = [];
for (const [location, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${location === "" ? "" : `${location}/`}node_modules/${name}`;
    const hoisted = `node_modules/${name}`;
    if (packages[nested] !== undefined || packages[hoisted] !== undefined) continue;
    packages[hoisted] = { version, ...(entry.dev ? { dev: true } : {}), optional: true, os: ["unavailable"] };
    added.push(`${name}@${version}`);
  }
}
lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))),
);
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(
  added.length === 0
    ? "lock file complete"
    : `added ${added.length} unavailable optional packages: ${added.join(", ")}`,
);
