/**
 * The environment of a command run as a user would in a project of their own: without the
 * settings npm passes to the scripts it runs (`npm_config_*` would point a child npm at this
 * repository) and the markers vitest sets for its workers (a scaffold's own vitest would take
 * itself for one of them).
 */
export function outsideEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(npm_|VITEST)/i.test(name) || name === "INIT_CWD") continue;
    env[name] = value;
  }
  return { ...env, NO_COLOR: "1", ...extra };
}
