import { beforeAll, expect, test } from "vitest";
import { callSdk, packr } from "../guest-sdk/sdk-host.js";
import { fixtureModule } from "./fixture-modules.js";

let module: WebAssembly.Module;

beforeAll(async () => {
  module = await fixtureModule("tasks/word-count");
});

test("the word-count example builds and counts words and vowels", () => {
  const result = callSdk(module, "run", packr.pack({ text: "Hello big  world\nagain" }));
  expect(result.status).toBe("ok");
  if (result.status === "ok") expect(packr.unpack(result.output)).toEqual({ words: 4, vowels: 7 });
  expect(result.logs).toEqual([{ level: 1, message: "4 words, 7 vowels" }]);
});
