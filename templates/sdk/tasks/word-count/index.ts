import { Input, log, Output } from "./index.gen";

export function run(input: Input): Output {
  const out = new Output();
  let inWord = false;
  for (let i = 0; i < input.text.length; i++) {
    const c = input.text.charCodeAt(i);
    const space = c === 32 || (c >= 9 && c <= 13);
    if (!space && !inWord) out.words++;
    inWord = !space;
    const lower = c | 0x20;
    if (lower === 97 || lower === 101 || lower === 105 || lower === 111 || lower === 117) out.vowels++;
  }
  log(`${out.words} words, ${out.vowels} vowels`);
  return out;
}
