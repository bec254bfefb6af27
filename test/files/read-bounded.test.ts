import { existsSync, mkdtempSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { FileNotRegularError, FileTooLargeError } from "../../runtime/errors/index.js";
import { readBoundedFile, readBoundedText } from "../../runtime/files/index.js";

const cap = (maxBytes: number) => ({ maxBytes, what: "test files" });

function tempFile(data: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "wf-read-")), "file");
  writeFileSync(path, data);
  return path;
}

test("a regular file is read whole, up to exactly the cap", async () => {
  const path = tempFile("x".repeat(100));
  expect(await readBoundedText(path, cap(100))).toBe("x".repeat(100));
  expect((await readBoundedFile(tempFile(""), cap(100))).byteLength).toBe(0);
});

test("a file one byte over the cap is refused with its size and the cap", async () => {
  const path = tempFile("x".repeat(101));
  const refusal = readBoundedFile(path, cap(100));
  await expect(refusal).rejects.toBeInstanceOf(FileTooLargeError);
  await expect(refusal).rejects.toMatchObject({ code: "FILE_TOO_LARGE", details: { path, size: 101, maxBytes: 100 } });
});

test("a 1 TiB file is refused before any of it is read", async () => {
  const path = tempFile("");
  truncateSync(path, 2 ** 40);
  const started = Date.now();
  await expect(readBoundedFile(path, cap(1024))).rejects.toMatchObject({ details: { size: 2 ** 40 } });
  expect(Date.now() - started).toBeLessThan(1_000);
});

test.skipIf(!existsSync("/proc/self/status"))(
  "a file that reports 0 bytes but holds more is cut off one byte past the cap",
  async () => {
    // Files under /proc report a size of 0, like a file that grows after its size was read.
    await expect(readBoundedFile("/proc/self/status", cap(100))).rejects.toMatchObject({
      code: "FILE_TOO_LARGE",
      details: { size: 101 },
    });
    expect((await readBoundedText("/proc/self/status", cap(1024 * 1024))).length).toBeGreaterThan(100);
  },
);

test("a directory is refused by its path and what it is", async () => {
  const dir = mkdtempSync(join(tmpdir(), "wf-read-"));
  const refusal = readBoundedFile(dir, cap(100));
  await expect(refusal).rejects.toBeInstanceOf(FileNotRegularError);
  await expect(refusal).rejects.toThrow(`${dir} is a directory, not a regular file`);
});

test("a missing file fails with Node's own error, for the caller to word", async () => {
  await expect(readBoundedFile("/nonexistent/file", cap(100))).rejects.toMatchObject({ code: "ENOENT" });
});
