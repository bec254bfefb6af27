import { headerLength } from "./header.js";
import { encodeULeb } from "./leb128-writer.js";
import { Reader } from "./reader.js";
import { concatBytes, encodeSection, sectionSpans } from "./section-spans.js";

const exportSectionId = 7;
const encoder = new TextEncoder();

/**
 * The module with its exports renamed or dropped: `names` maps an export's name to its new name,
 * or to null to drop it; exports it does not mention stay as they are. Only the export section
 * changes, and no index moves (exports hold indices, nothing refers to an export), so the module
 * validates whenever the input did. It gives a compiled module names its language cannot write,
 * such as a component's `wasmflow:task/run@0.1.0#run`.
 *
 * @throws ModuleParseError when `bytes` is not a module whose sections frame and whose export
 *   section decodes.
 * @example
 * const core = renameExports(bytes, { __run: "run", __abort: null });
 */
export function renameExports(
  bytes: Uint8Array,
  names: Readonly<Record<string, string | null>>,
): Uint8Array<ArrayBuffer> {
  const spans = sectionSpans(bytes);
  const parts: Uint8Array[] = [bytes.subarray(0, headerLength)];
  for (const span of spans) {
    if (span.id !== exportSectionId) {
      parts.push(bytes.subarray(span.start, span.end));
      continue;
    }
    const r = new Reader(bytes, span.content, span.end);
    const count = r.count("export", 3);
    const kept: Uint8Array[] = [];
    for (let i = 0; i < count; i++) {
      const name = r.name("export name");
      const descriptionStart = r.pos;
      r.u8("export kind");
      r.u32("export index");
      const renamed = Object.hasOwn(names, name) ? names[name] : name;
      if (renamed === null || renamed === undefined) continue;
      const utf8 = encoder.encode(renamed);
      kept.push(encodeULeb(utf8.length), utf8, bytes.subarray(descriptionStart, r.pos));
    }
    r.expectEnd("the export section");
    parts.push(encodeSection(exportSectionId, [encodeULeb(kept.length / 3), ...kept]));
  }
  return concatBytes(parts);
}
