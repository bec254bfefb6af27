import type { Command } from "commander";
import { type BackupProgress, backupPagesPerStep } from "../../index.js";
import { withWasmflow } from "../context.js";
import { formatBytes } from "../format.js";
import type { Output } from "../output.js";

export function registerStoreBackup(store: Command, output: (cmd: Command) => Output): void {
  store
    .command("backup")
    .description("write a consistent copy of the store to a file while it stays in use")
    .argument("<file>", "the backup to write (refused if it exists, unless --force)")
    .option("--force", "replace the file if it exists")
    .action(async (file: string, options: { force?: boolean }, cmd: Command) => {
      const out = output(cmd);
      const onProgress = progressLines(out);
      const result = await withWasmflow(cmd, async (wf) => ({
        from: wf.store.path,
        ...(await wf.store.backup(file, { force: options.force === true, onProgress })),
      }));
      const durationMs = Math.round(result.durationMs);
      out.result(
        { backup: { ...result, durationMs } },
        () => `backed up ${result.from} to ${result.file}: ${formatBytes(result.bytes)} in ${durationMs} ms`,
      );
    });
}

/** A line per tenth of the copy on stderr, for a store that takes more than one step to copy. */
function progressLines(out: Output): (progress: BackupProgress) => void {
  let shownTenths = 0;
  return ({ totalPages, remainingPages }) => {
    if (totalPages <= backupPagesPerStep) return;
    const tenths = Math.floor(((totalPages - remainingPages) / totalPages) * 10);
    if (tenths <= shownTenths) return;
    shownTenths = tenths;
    out.progress(`backup: ${tenths * 10}% (${totalPages - remainingPages} of ${totalPages} pages)`);
  };
}
