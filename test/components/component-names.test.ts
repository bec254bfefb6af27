import { describe, expect, test } from "vitest";
import { camelOf, fieldNameMatches, jcoExportPath, jcoFieldKey, kebabOf } from "../../runtime/components/index.js";

describe("our field names in kebab-case", () => {
  test.each([
    ["wordCount", "word-count"],
    ["word_count", "word-count"],
    ["count", "count"],
    ["HTTPServer", "http-server"],
    ["HTTP_code", "http-code"],
    ["utf8Bytes", "utf8-bytes"],
    ["a1B", "a1-b"],
    ["HTTP2Server", "http2-server"],
    ["toString", "to-string"],
    ["_private", "-private"],
    ["a__b", "a--b"],
  ])("%s → %s", (name, kebab) => {
    expect(kebabOf(name)).toBe(kebab);
  });

  test("a field matches a WIT name whose words are the same, acronyms in capitals or not", () => {
    expect(fieldNameMatches("wordCount", "word-count")).toBe(true);
    expect(fieldNameMatches("word_count", "word-count")).toBe(true);
    expect(fieldNameMatches("httpCode", "HTTP-code")).toBe(true);
    expect(fieldNameMatches("HTTPCode", "HTTP-code")).toBe(true);
    expect(fieldNameMatches("wordcount", "word-count")).toBe(false);
    expect(fieldNameMatches("_count", "count")).toBe(false);
    expect(fieldNameMatches("words", "word")).toBe(false);
  });
});

describe("jco's names", () => {
  test.each([
    ["word-count", "wordCount"],
    ["HTTP-code", "httpCode"],
    ["get-HTTP-url", "getHttpUrl"],
    ["a1-b", "a1B"],
    ["utf8-bytes", "utf8Bytes"],
    ["can-read", "canRead"],
    ["x2", "x2"],
    ["HTTP", "http"],
  ])("%s → %s", (label, key) => {
    expect(camelOf(label)).toBe(key);
  });

  test("a record field's key is its kebab form in camelCase", () => {
    expect(jcoFieldKey("word_count")).toBe("wordCount");
    expect(jcoFieldKey("wordCount")).toBe("wordCount");
    expect(jcoFieldKey("HTTPCode")).toBe("httpCode");
    expect(jcoFieldKey("a1B")).toBe("a1B");
  });

  test("an export's place in the bindings", () => {
    expect(jcoExportPath("get-item")).toEqual(["getItem"]);
    expect(jcoExportPath("run")).toEqual(["run"]);
    expect(jcoExportPath("wasmflow:task/run@0.1.0#count-words")).toEqual(["wasmflow:task/run@0.1.0", "countWords"]);
  });
});
