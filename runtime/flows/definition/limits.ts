/**
 * Every cap of the flow definition format, in one place. A flow file is configuration: these
 * bound what a hostile or mistaken file can make the validator and the engine do.
 */
export const flowLimits = {
  /** Largest flow file read from disk. */
  maxFileBytes: 4 * 1024 * 1024,
  maxSteps: 10_000,
  maxStepIdLength: 64,
  maxTaskReferenceLength: 80,
  maxExpressionLength: 4096,
  /** Fields of one mapping (a step's input, the flow output): as many as a record type may have. */
  maxMappingFields: 256,
  maxBranchArms: 64,
  /**
   * Nesting of the whole JSON document. Declared types nest at most 32 levels and sit 2 levels
   * deep, so this leaves room for literals while keeping every recursive walk shallow.
   */
  maxJsonDepth: 64,
  maxTextLength: 1000,
} as const;

/** Step ids are CEL identifiers (`steps.<id>`): the language's keywords and reserved words cannot be used. */
export const reservedStepIds: ReadonlySet<string> = new Set([
  "true",
  "false",
  "null",
  "in",
  "as",
  "break",
  "const",
  "continue",
  "else",
  "for",
  "function",
  "if",
  "import",
  "let",
  "loop",
  "package",
  "namespace",
  "return",
  "var",
  "void",
  "while",
  // Never object keys on the host, whatever map a later part keeps steps in.
  "constructor",
  "prototype",
]);

/** Keys that would change an object's prototype or shadow its machinery when copied into one. */
export const reservedKeys: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);
