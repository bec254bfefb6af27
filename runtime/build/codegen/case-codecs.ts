import type { ValueType } from "../../values/index.js";
import type { ResultClass, VariantClass } from "./type-model.js";

/** What the case codecs need from the codec writer: how to read and write a payload. */
export interface PayloadCodecs {
  decode(type: ValueType): string;
  encode(type: ValueType, value: string): string;
}

/**
 * A variant's codecs: `[index]` or `[index, payload]` on the wire. Decoding starts from
 * `new X()`, so the fields of the other cases hold their defaults, as in a value the task builds.
 */
export function variantCodec(codecs: PayloadCodecs, declared: VariantClass, tag: string): string {
  const { name, tagEnum } = declared;
  const lines = [
    `export function decode${tag}(r: Reader): ${name} {`,
    `  const value = new ${name}();`,
    `  switch (r.readCase(${declared.cases.length}, "variant")) {`,
  ];
  declared.cases.forEach((c, i) => {
    lines.push(`    case ${i}:`, `      value.tag = ${tagEnum}.${c.member};`);
    lines.push(...payloadDecode(codecs, c.label, c.type, c.field, "      "), "      break;");
  });
  lines.push("  }", "  return value;", "}", "");

  lines.push(`export function encode${tag}(w: Writer, value: ${name}): void {`, "  switch (value.tag) {");
  declared.cases.forEach((c, i) => {
    lines.push(`    case ${tagEnum}.${c.member}:`);
    lines.push(...payloadEncode(codecs, i, c.type, c.field, "      "), "      break;");
  });
  // A tag the task made up (`9 as ShapeTag`) is written as it is: the host refuses it with its path.
  lines.push("    default:", "      w.writeArrayHeader(1);", "      w.writeI32(value.tag);", "  }", "}", "");
  return lines.join("\n");
}

/** A result's codecs: the variant `{ok(T), err(E)}`, ok being index 0. */
export function resultCodec(codecs: PayloadCodecs, declared: ResultClass, tag: string): string {
  const { name, ok, err } = declared;
  return [
    `export function decode${tag}(r: Reader): ${name} {`,
    `  const value = new ${name}();`,
    '  if (r.readCase(2, "result") === 0) {',
    ...payloadDecode(codecs, "ok", ok, "ok", "    "),
    "  } else {",
    "    value.isOk = false;",
    ...payloadDecode(codecs, "err", err, "err", "    "),
    "  }",
    "  return value;",
    "}",
    "",
    `export function encode${tag}(w: Writer, value: ${name}): void {`,
    "  if (value.isOk) {",
    ...payloadEncode(codecs, 0, ok, "ok", "    "),
    "  } else {",
    ...payloadEncode(codecs, 1, err, "err", "    "),
    "  }",
    "}",
    "",
  ].join("\n");
}

// The payload's path is `.val`, as in the host's values: `input.shape.val.side`.
function payloadDecode(
  codecs: PayloadCodecs,
  label: string,
  type: ValueType | undefined,
  field: string | undefined,
  indent: string,
): string[] {
  const quoted = JSON.stringify(label);
  if (type === undefined || field === undefined) return [`${indent}r.expectNoPayload(${quoted});`];
  return [
    `${indent}r.enterPayload(${quoted});`,
    `${indent}value.${field} = ${codecs.decode(type)};`,
    `${indent}r.leave();`,
  ];
}

function payloadEncode(
  codecs: PayloadCodecs,
  index: number,
  type: ValueType | undefined,
  field: string | undefined,
  indent: string,
): string[] {
  if (type === undefined || field === undefined) {
    return [`${indent}w.writeArrayHeader(1);`, `${indent}w.writeU32(${index});`];
  }
  return [
    `${indent}w.writeArrayHeader(2);`,
    `${indent}w.writeU32(${index});`,
    `${indent}${codecs.encode(type, `value.${field}`)}`,
  ];
}
