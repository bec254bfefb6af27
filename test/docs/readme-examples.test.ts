import { readFileSync } from "node:fs";
import { expect, test } from "vitest";

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");

/** The code blocks of a Markdown file, by language. */
function codeBlocks(markdown: string, language: string): string[] {
  return [...markdown.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, "g"))].map((m) => m[1] ?? "");
}

test.each(["README.md", "guest-sdk/README.md"])(
  "%s shows the word-count example exactly as it is in tasks/",
  (readme) => {
    expect(codeBlocks(read(readme), "ts")).toContain(read("tasks/word-count/index.ts"));
  },
);

test("README shows the word-count definition exactly as it is in tasks/", () => {
  const shown = codeBlocks(read("README.md"), "json").map((block) => JSON.parse(block) as unknown);
  expect(shown).toContainEqual(JSON.parse(read("tasks/word-count/word-count.task.json")));
});

test("README shows the triage-text flow exactly as it is in flows/", () => {
  const shown = codeBlocks(read("README.md"), "json").map((block) => JSON.parse(block) as unknown);
  expect(shown).toContainEqual(JSON.parse(read("flows/triage-text.flow.json")));
});
