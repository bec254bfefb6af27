// Built into a WebAssembly component by componentize-js (`wasmflow build`): a SpiderMonkey
// engine with this module loaded into it ahead of time. The world exports
// `run: func(input: string) -> result<output, string>`, `output` being
// `record { title: string, words: u32 }`: `run` gets a JavaScript string and returns a plain object
// whose keys are the record's fields in lowerCamelCase (a field `word-count` would be
// `wordCount`), with the u32 as a number. A throw is the result's err: the call fails with
// TASK_FAILED and the error's message.
//
// The engine is built without ICU: no `\p{…}` in regular expressions, no `Intl`, no
// `String.prototype.normalize`. Its case mapping is Unicode's, though, and strings iterate by
// code point, which is all title case needs. The component imports nothing: `console` prints
// nowhere, `Date.now()` is frozen at build time and `Math.random()` repeats on every fresh call.

/** "hello wide world" → { title: "Hello Wide World", words: 3 }, in any script that has case. */
export function run(input) {
  let words = 0;
  // Splitting on a captured separator keeps the spacing as it was.
  const parts = input.split(/(\s+)/u).map((part, index) => {
    if (index % 2 === 1 || part === "") return part;
    words++;
    return titleCase(part);
  });
  return { title: parts.join(""), words };
}

// The first letter that has case goes to upper case, the rest to lower case; leading quotes or
// brackets stay as they are ("«élan»" → "«Élan»"). A code point has case when its upper and
// lower forms differ, a test that needs no Unicode tables beyond the case mapping.
function titleCase(word) {
  const characters = [...word];
  const first = characters.findIndex((c) => c.toUpperCase() !== c.toLowerCase());
  if (first === -1) return word;
  const head = characters.slice(0, first).join("");
  const tail = characters.slice(first + 1).join("");
  return head + upperFirst(characters[first]) + tail.toLowerCase();
}

// Upper case can be longer than one letter ("ß" → "SS"): a title keeps "Ss", as Unicode's title
// case does, rather than a shouted "SS".
function upperFirst(letter) {
  const upper = letter.toUpperCase();
  return upper.length > letter.length ? upper[0] + upper.slice(1).toLowerCase() : upper;
}
