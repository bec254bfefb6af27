import type { Command } from "commander";
import pc from "picocolors";
import { formatValueType } from "../../index.js";
import { withBackend } from "../context.js";
import type { Output } from "../output.js";

export function registerFlowShow(flow: Command, output: (cmd: Command) => Output): void {
  flow
    .command("show")
    .description("show a flow, registered or in a file: its input, steps and definition")
    .argument("<flow>", "a registered flow (name or name@revision) or a flow file (*.json)")
    .action(async (target: string, _options: unknown, cmd: Command) => {
      const out = output(cmd);
      const {
        definition: found,
        registered,
        file,
      } = await withBackend(cmd, (backend) => backend.flows.describe(target));
      const { inputType, $schema: _schema, ...definition } = found;
      const document =
        registered === undefined
          ? { name: found.name, file, version: found.version, definition }
          : {
              name: found.name,
              revision: registered.revision,
              version: found.version,
              definitionHash: registered.definitionHash,
              createdAt: registered.createdAt,
              definition,
            };
      const title =
        registered === undefined
          ? `${pc.bold(found.name)} v${found.version}  ${pc.dim(file ?? "")}`
          : `${pc.bold(`${found.name}@${registered.revision}`)} v${found.version}  ${pc.dim(registered.definitionHash.slice(0, 12))}`;
      out.result(document, () =>
        [
          title,
          found.description,
          `input  ${formatValueType(inputType)}`,
          "steps",
          ...found.steps.map((step) => {
            const waits = step.after.length > 0 ? pc.dim(` after ${step.after.join(", ")} (${step.join})`) : "";
            const arms = step.branch === undefined ? "" : pc.dim(` branch ×${step.branch.length}`);
            const errors = step.onError.length > 0 ? pc.dim(` onError → ${step.onError.join(", ")}`) : "";
            return `  ${step.id} ${pc.dim("→")} ${step.task}${waits}${arms}${errors}`;
          }),
          `output ${Object.keys(found.output).join(", ")}`,
        ]
          .filter((line) => line !== "")
          .join("\n"),
      );
    });
}
