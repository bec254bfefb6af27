import { Box, fail, Input, logWarn, Output } from "./index.gen";

export function run(input: Input): Output {
  const at = input.email.lastIndexOf("@");
  if (at <= 0 || at === input.email.length - 1) {
    // Said before failing: the attempt keeps its logs, so the run shows what was checked.
    logWarn(`no name before or domain after the last "@" in "${input.email}"`);
    fail(`"${input.email}" is not an e-mail address`);
  }

  const out = new Output();
  out.displayName = titleCase(input.name.trim());
  out.domain = input.email.substring(at + 1).toLowerCase();
  const seen = new Set<string>();
  for (let i = 0; i < input.tags.length; i++) {
    const tag = input.tags[i].trim().toLowerCase();
    if (tag.length > 0 && !seen.has(tag)) {
      seen.add(tag);
      out.tags.push(tag);
    }
  }
  const age = input.age;
  if (age !== null) out.adult = new Box<bool>(age.value >= 18);
  return out;
}

function titleCase(text: string): string {
  const words = text.split(" ");
  const parts: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (word.length === 0) continue;
    parts.push(word.charAt(0).toUpperCase() + word.substring(1).toLowerCase());
  }
  return parts.join(" ");
}
