import { readFile } from "node:fs/promises";
import { wat } from "../helpers/wat.js";

/** Compiles a WAT file from test/fixtures/wat/. */
export async function watFixture(file: string): Promise<Uint8Array> {
  const url = new URL(`../fixtures/wat/${file}`, import.meta.url);
  return wat(await readFile(url, "utf8"), file);
}
