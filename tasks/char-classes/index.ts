import { Box, Input, Output, OutputDominant } from "./index.gen";

// Letters are those of the Latin (ASCII, Latin-1 and Latin Extended-A/B), Greek and Cyrillic
// scripts; digits are 0-9; spaces are the whitespace characters; everything else, counted by
// code point (an emoji is one character), is another character.
function isLetter(c: u32): bool {
  if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) return true;
  if (c >= 0xc0 && c <= 0x24f) return c !== 0xd7 && c !== 0xf7;
  return c >= 0x370 && c <= 0x52f;
}

function isSpace(c: u32): bool {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x2028 || c === 0x2029 || c === 0x3000;
}

export function run(input: Input): Output {
  const out = new Output();
  const text = input.text;
  for (let i = 0; i < text.length; i++) {
    const c = <u32>text.codePointAt(i);
    if (c > 0xffff) i++;
    if (isLetter(c)) out.letters++;
    else if (c >= 0x30 && c <= 0x39) out.digits++;
    else if (isSpace(c)) out.spaces++;
    else out.others++;
    if (out.first === null && !isSpace(c)) out.first = new Box<u32>(c);
  }
  out.dominant = dominant(out);
  return out;
}

// The most common class; a tie goes to the class named first; none for an empty text.
function dominant(out: Output): OutputDominant {
  let best = OutputDominant.None;
  let most: u32 = 0;
  if (out.letters > most) {
    best = OutputDominant.Letters;
    most = out.letters;
  }
  if (out.digits > most) {
    best = OutputDominant.Digits;
    most = out.digits;
  }
  if (out.spaces > most) {
    best = OutputDominant.Spaces;
    most = out.spaces;
  }
  if (out.others > most) best = OutputDominant.Others;
  return best;
}
