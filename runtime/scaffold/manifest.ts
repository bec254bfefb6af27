import { isNonRegistrySpec } from "./dependency.js";

export type Manifest = Record<string, unknown>;

/** What `wasmflow init` makes of a project's package.json. */
export interface ManifestPlan {
  readonly manifest: Manifest;
  /** The fields written into an existing package.json, as `scripts.start` or `devDependencies.vitest`. */
  readonly changes: readonly string[];
  /** Fields the project sets to another value than the template needs, as `type` or `scripts.test`. */
  readonly differing: readonly string[];
}

/** The object sections of package.json the template adds to, never taking anything away. */
const dependencySections = ["dependencies", "devDependencies"] as const;

// What `npm init` writes as the test script: replacing it loses nothing.
const npmPlaceholderTest = 'echo "Error: no test specified" && exit 1';

/** The template's package.json for a new project: named after its folder, with wasmflow as `spec` says. */
export function newManifest(template: Manifest, name: string, spec: string): Manifest {
  const manifest: Manifest = { ...template, name };
  manifest.dependencies = { ...objectOf(template.dependencies), wasmflow: spec };
  manifest.allowScripts = withWasmflowApproval(objectOf(template.allowScripts), spec);
  return manifest;
}

/**
 * An existing package.json with what the template needs added: `type`, the scripts, the
 * dependencies it lacks (a dependency it has is kept at its version: an installed wasmflow stays
 * what it is) and the install-script approvals. A field the project sets to another value is
 * listed in `differing`, and replaced only when `force` is set.
 */
export function mergeManifest(existing: Manifest, template: Manifest, spec: string, force: boolean): ManifestPlan {
  const manifest: Manifest = { ...existing };
  const changes: string[] = [];
  const differing: string[] = [];
  const apply = (field: string, write: () => void, differs: boolean) => {
    if (differs) differing.push(field);
    if (differs && !force) return;
    write();
    changes.push(field);
  };

  if (existing.type !== template.type) {
    apply("type", () => Object.assign(manifest, { type: template.type }), existing.type !== undefined);
  }

  const scripts = { ...objectOf(existing.scripts) };
  for (const [key, value] of Object.entries(objectOf(template.scripts))) {
    const current = scripts[key];
    if (current === value) continue;
    const replaceable = current === undefined || (key === "test" && current === npmPlaceholderTest);
    apply(`scripts.${key}`, () => Object.assign(scripts, { [key]: value }), !replaceable);
  }
  manifest.scripts = scripts;

  const has = (name: string) => dependencySections.some((section) => name in objectOf(existing[section]));
  const wasmflow = dependencySpec(existing, "wasmflow") ?? spec;
  for (const section of dependencySections) {
    const entries = { ...objectOf(existing[section]) };
    for (const [name, version] of Object.entries(objectOf(template[section]))) {
      if (has(name)) continue;
      entries[name] = name === "wasmflow" ? wasmflow : version;
      changes.push(`${section}.${name}`);
    }
    if (Object.keys(entries).length > 0) manifest[section] = entries;
  }

  const approvals = { ...objectOf(existing.allowScripts) };
  for (const [name, allowed] of Object.entries(withWasmflowApproval(objectOf(template.allowScripts), wasmflow))) {
    // An approval pinned to versions (`name@1.2.3`), or a denial, is the project's own decision.
    if (Object.keys(approvals).some((key) => key === name || key.startsWith(`${name}@`))) continue;
    approvals[name] = allowed;
    changes.push(`allowScripts.${name}`);
  }
  manifest.allowScripts = approvals;

  return { manifest, changes, differing };
}

/**
 * npm counts wasmflow's `prepare` script among the install scripts of a copy installed from a
 * file, folder or git: approved, so npm has nothing to warn about. From the registry it is none.
 */
function withWasmflowApproval(approvals: Readonly<Record<string, unknown>>, spec: string): Record<string, unknown> {
  return isNonRegistrySpec(spec) ? { ...approvals, wasmflow: true } : { ...approvals };
}

function dependencySpec(manifest: Manifest, name: string): string | undefined {
  for (const section of dependencySections) {
    const spec = objectOf(manifest[section])[name];
    if (typeof spec === "string") return spec;
  }
  return undefined;
}

function objectOf(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
