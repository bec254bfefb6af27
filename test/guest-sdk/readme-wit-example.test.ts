import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, test } from "vitest";
import { buildTasks } from "../../runtime/build/index.js";
import { compileValueCodec, parseValueType, type ValueCodec } from "../../runtime/values/index.js";
import { fixtureProject, readModule } from "../build/fixture-project.js";
import { compileTaskModule } from "../helpers/host-memory.js";
import { callSdk } from "./sdk-host.js";

// guest-sdk/README.md shows the types a definition of every WIT kind generates and a task using
// them: the task is built from exactly that text, and the types shown are what the build writes.
const readme = readFileSync(new URL("../../guest-sdk/README.md", import.meta.url), "utf8");
const blocks = (lang: string) =>
  [...readme.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, "g"))].map((m) => m[1] ?? "");
const declared = JSON.parse(`{${blocks("json").find((b) => b.includes('"variant{') && b.startsWith('"input"'))}}`) as {
  input: unknown;
  output: unknown;
};
const source = blocks("ts").find((b) => b.includes("InputShapeTag, Output } from"));
const shownTypes = blocks("ts").find((b) => b.startsWith("export class Input {") && b.includes("InputShapeTag"));

let module: WebAssembly.Module;
let generated: string;
let codec: ValueCodec;

beforeAll(async () => {
  if (source === undefined) throw new Error("the README's task source was not found");
  const root = fixtureProject([]);
  const dir = join(root, "tasks/area");
  mkdirSync(dir, { recursive: true });
  const definition = {
    name: "area",
    abi: "sdk",
    source: "index.ts",
    module: "../../build/area.wasm",
    ...declared,
    limits: { maxMemoryPages: 8 },
  };
  writeFileSync(join(dir, "area.task.json"), JSON.stringify(definition));
  writeFileSync(join(dir, "index.ts"), source);
  await buildTasks({ root });
  module = compileTaskModule(readModule(root, "area"));
  generated = readFileSync(join(dir, "index.gen.ts"), "utf8");
  codec = compileValueCodec(parseValueType(declared.input), parseValueType(declared.output));
});

test("the types shown are the ones generated, constructors' bodies aside", () => {
  const bodiesLeftOut = generated.replace(/( {2}static [^\n]*\{)\n(?: {4}[^\n]*\n)*? {2}\}/g, "$1 … }");
  expect(shownTypes).toBeDefined();
  expect(bodiesLeftOut).toContain(shownTypes);
});

test.each<[string, unknown, unknown]>([
  [
    "a circle",
    { shape: { tag: "circle", val: 1 }, color: "light-blue", perms: { read: true }, initial: "x" },
    { tag: "ok", val: 2 * Math.PI },
  ],
  [
    "a rectangle",
    { shape: { tag: "rect", val: [2, 3] }, color: "red", perms: { read: true, write: true }, initial: "x" },
    { tag: "ok", val: 6 },
  ],
  [
    "no shape",
    { shape: { tag: "none" }, color: "red", perms: { read: true }, initial: "é" },
    { tag: "err", val: "é: no area" },
  ],
  [
    "no read permission",
    { shape: { tag: "none" }, color: "red", perms: {}, initial: "é" },
    { tag: "err", val: "not readable" },
  ],
])("the task shown runs: %s", (_, input, output) => {
  const result = callSdk(module, "run", codec.encodeInput(input, 1 << 20));
  expect(result.status).toBe("ok");
  if (result.status === "ok") expect(codec.decodeOutput(result.output, 1 << 20)).toEqual(output);
});
