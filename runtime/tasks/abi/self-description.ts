import { z } from "zod";
import { sdkAbiVersion, selfDescriptionSection } from "../../abi/index.js";
import type { Issue } from "../../errors/index.js";
import { formatValueType } from "../../values/index.js";
import type { ModuleInfo } from "../../wasm/index.js";
import type { TaskDefinition } from "../task-definition.js";

const maxPayloadBytes = 64 * 1024;

const selfDescriptionSchema = z.object({
  abi: z.int(),
  export: z.string(),
  input: z.string(),
  output: z.string(),
});

export type SelfDescription = z.infer<typeof selfDescriptionSchema>;

/** What an sdk module says about itself, built by `wasmflow build` from the same definition. */
export function selfDescriptionOf(definition: TaskDefinition): SelfDescription {
  return {
    abi: sdkAbiVersion,
    export: definition.export,
    input: formatValueType(definition.inputType),
    output: formatValueType(definition.outputType),
  };
}

/**
 * Compares the module's self-description with the definition, so a module built for another
 * version of the definition cannot be registered under this one.
 */
export function checkSelfDescription(definition: TaskDefinition, info: ModuleInfo): Issue[] {
  const path = `custom-section.${selfDescriptionSection}`;
  const sections = info.customSections.filter((s) => s.name === selfDescriptionSection);
  const first = sections[0];
  if (first === undefined) {
    return [
      {
        code: "SELF_DESCRIPTION_MISSING",
        path,
        expected: "a custom section written by `wasmflow build`",
        actual: "none",
        message: "sdk modules describe their types in a custom section; build the task with `wasmflow build`",
      },
    ];
  }
  if (sections.length > 1) {
    return [
      {
        code: "SELF_DESCRIPTION_DUPLICATE",
        path,
        actual: `${sections.length} sections`,
        message: "the self-description section appears more than once",
      },
    ];
  }
  const parsed = parsePayload(first.data);
  if (typeof parsed === "string") return [{ code: "SELF_DESCRIPTION_INVALID", path, message: parsed }];
  const issues: Issue[] = [];
  if (parsed.abi !== sdkAbiVersion) {
    issues.push({
      code: "ABI_VERSION_UNSUPPORTED",
      path: `${path}.abi`,
      expected: String(sdkAbiVersion),
      actual: String(parsed.abi),
      message: `module speaks sdk ABI version ${parsed.abi}; this runtime speaks ${sdkAbiVersion}`,
    });
  }
  const expected = selfDescriptionOf(definition);
  for (const key of ["export", "input", "output"] as const) {
    if (parsed[key] === expected[key]) continue;
    issues.push({
      code: "SELF_DESCRIPTION_MISMATCH",
      path: `${path}.${key}`,
      expected: expected[key],
      actual: parsed[key],
      message: `the module was built with ${key} ${parsed[key]}, the definition declares ${expected[key]}; rebuild the task`,
    });
  }
  return issues;
}

function parsePayload(data: Uint8Array): SelfDescription | string {
  if (data.length > maxPayloadBytes) return `self-description is ${data.length} bytes, more than ${maxPayloadBytes}`;
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(data));
  } catch (error) {
    return `self-description is not UTF-8 JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
  const result = selfDescriptionSchema.safeParse(json);
  if (!result.success) return `self-description has the wrong shape: ${result.error.issues[0]?.message ?? "invalid"}`;
  return result.data;
}
