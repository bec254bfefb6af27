import { type Command, Option } from "commander";
import { type TokenScope, tokenScopes } from "../../index.js";
import { withWasmflow } from "../context.js";
import { table } from "../format.js";
import type { Output } from "../output.js";

/** `wasmflow token create|list|revoke`: the HTTP API's access tokens, kept in the home's store as hashes. */
export function registerToken(program: Command, output: (cmd: Command) => Output): void {
  const token = program.command("token").description("create, list and revoke access tokens of the HTTP API");
  token
    .command("create")
    .description("make a token; its secret is printed this once and never stored")
    .addOption(
      new Option("--scope <scope>", "read sees; run also starts and cancels runs; admin also registers")
        .choices(tokenScopes)
        .makeOptionMandatory(),
    )
    .option("--name <name>", "what the token is for")
    .action(async (options: { scope: TokenScope; name?: string }, cmd: Command) => {
      const out = output(cmd);
      const created = await withWasmflow(cmd, (wf) =>
        wf.tokens.create({ scope: options.scope, ...(options.name === undefined ? {} : { name: options.name }) }),
      );
      out.result(
        { token: created },
        () => `${created.token}\n(token ${created.id}, scope ${created.scope}: keep it now, it is not shown again)`,
      );
    });
  token
    .command("list")
    .description("the tokens, without their secrets")
    .action(async (_options: unknown, cmd: Command) => {
      const out = output(cmd);
      const tokens = await withWasmflow(cmd, (wf) => wf.tokens.list());
      out.result({ tokens }, () =>
        tokens.length === 0
          ? "no tokens: the API is open on loopback (wasmflow token create --scope …)"
          : table(
              ["ID", "SCOPE", "NAME", "CREATED", "REVOKED"],
              tokens.map((t) => [t.id, t.scope, t.name ?? "", t.createdAt, t.revokedAt ?? ""]),
            ),
      );
    });
  token
    .command("revoke")
    .description("revoke a token by its id: requests with it are refused from now on")
    .argument("<id>", "the token's id, as token list shows it")
    .action(async (id: string, _options: unknown, cmd: Command) => {
      const out = output(cmd);
      await withWasmflow(cmd, (wf) => wf.tokens.revoke(id));
      out.result({ revoked: id }, () => `revoked token ${id}`);
    });
}
