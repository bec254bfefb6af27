import { access } from "node:fs/promises";
import { BuildError } from "../errors/index.js";
import { packagePath } from "../package-root.js";

/** The guest SDK shipped with this package: `guest-sdk/index.ts` at the package root. */
export async function guestSdkIndex(): Promise<string> {
  const index = packagePath("guest-sdk", "index.ts");
  try {
    await access(index);
  } catch {
    throw new BuildError(`the guest SDK (guest-sdk/index.ts) is missing from the wasmflow package at ${packagePath()}`);
  }
  return index;
}
