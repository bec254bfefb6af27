import { Input, Output } from "./index.gen";

// Vowel density in English prose sits near 0.38 of letters, ~1.5 vowels per word:
// the score is how close a text comes to that, from 0 (nothing like it) to 1.
const typicalVowelsPerWord: f64 = 1.5;

export function run(input: Input): Output {
  const out = new Output();
  if (input.words === 0) {
    out.score = 0;
  } else {
    const perWord = <f64>input.vowels / <f64>input.words;
    const distance = Math.abs(perWord - typicalVowelsPerWord) / typicalVowelsPerWord;
    out.score = Math.max(0, 1 - distance);
  }
  out.label = out.score >= 0.75 ? "high" : out.score >= 0.4 ? "medium" : "low";
  return out;
}
