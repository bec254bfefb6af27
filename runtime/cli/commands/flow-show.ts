import type { Command } from "commander";
import pc from "picocolors";
import { formatValueType } from "../../values/index.js";
import { withWasmflow } from "../context.js";
import type { Output } from "../output.js";

export function registerFlowShow(flow: Command, output: (cmd: Command) => Output): void {
  flow
    .command("show")
    .description("show a registered flow: its input, steps and definition")
    .argument("<flow>", "name or name@revision")
    .action(async (reference: string, _options: unknown, cmd: Command) => {
      const out = output(cmd);
      const found = await withWasmflow(cmd, (wf) => wf.flows.get(reference));
      const { inputType, $schema: _schema, ...definition } = found.definition;
      out.result(
        {
          name: found.name,
          revision: found.revision,
          version: found.version,
          definitionHash: found.definitionHash,
          createdAt: found.createdAt,
          definition,
        },
        () =>
          [
            `${pc.bold(`${found.name}@${found.revision}`)} v${found.version}  ${pc.dim(found.definitionHash.slice(0, 12))}`,
            found.definition.description,
            `input  ${formatValueType(inputType)}`,
            "steps",
            ...found.definition.steps.map((step) => {
              const waits = step.after.length > 0 ? pc.dim(` after ${step.after.join(", ")} (${step.join})`) : "";
              const arms = step.branch === undefined ? "" : pc.dim(` branch ×${step.branch.length}`);
              const errors = step.onError.length > 0 ? pc.dim(` onError → ${step.onError.join(", ")}`) : "";
              return `  ${step.id} ${pc.dim("→")} ${step.task}${waits}${arms}${errors}`;
            }),
            `output ${Object.keys(found.definition.output).join(", ")}`,
          ]
            .filter((line) => line !== "")
            .join("\n"),
      );
    });
}
