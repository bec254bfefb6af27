/**
 * Every code wasmflow puts on an error, and every code it puts on an issue inside one, each with
 * the line the README's reference shows. The code types are derived from these tables: a code used
 * anywhere must be listed here first, and a test keeps the README's "Error codes" section equal to
 * them (`npm run docs` rewrites it).
 */

/** The CLI's exit code for an error: 2 for what the caller must fix, 1 for what failed. */
export type ExitCode = 1 | 2;

interface CodeDoc {
  readonly exit: ExitCode;
  readonly when: string;
}

/** Codes of errors thrown (and of step errors recorded in runs), by the part that raises them. */
export const errorCodes = {
  definitions: {
    DEFINITION_INVALID: {
      exit: 2,
      when: "a task or flow definition, or `wasmflow.config.json`, is not valid JSON, breaks its schema or fails a static check; `issues` lists every problem",
    },
    VALUE_TYPE_INVALID: { exit: 2, when: "a value type's text or object form does not parse; `issues` says where" },
    MODULE_MALFORMED: { exit: 2, when: "the bytes are not a WebAssembly module the engine accepts" },
    MODULE_PATH_INVALID: {
      exit: 2,
      when: "a definition's module path leaves the project root or names no readable file",
    },
    TASK_INVALID: { exit: 2, when: "a module does not match its task definition; `issues` lists every mismatch" },
    TASKS_INVALID: {
      exit: 2,
      when: "several task definitions were refused at once and nothing was registered; `issues` gathers them",
    },
    BUILD_FAILED: { exit: 2, when: "`wasmflow build` could not compile a task; `issues` carry the diagnostics" },
  },
  registry: {
    TASK_NOT_FOUND: { exit: 2, when: "no registered task has that name (or name@revision)" },
    FLOW_NOT_FOUND: { exit: 2, when: "no registered flow has that name (or name@revision)" },
    RUN_NOT_FOUND: { exit: 2, when: "no run has that id" },
  },
  flows: {
    EXPRESSION_SYNTAX: { exit: 2, when: "an expression does not parse, or is longer or nests deeper than allowed" },
    EXPRESSION_TYPE: { exit: 2, when: "an expression does not type-check against its declared scope" },
  },
  runs: {
    IDEMPOTENCY_CONFLICT: { exit: 2, when: "an idempotency key already names a run of the flow with another input" },
    RUN_NOT_RESUMABLE: {
      exit: 2,
      when: "the run cannot be resumed: it finished, or a live process still runs it; `details.status` says which",
    },
    RUN_FINISHED: { exit: 2, when: "a cancel found the run already succeeded or failed; it is left as it was" },
    RUN_CORRUPT: { exit: 1, when: "a stored run cannot be read back as it was written" },
    CONDITION_ERROR: { exit: 1, when: "a branch condition, input or output mapping failed to evaluate at run time" },
  },
  calls: {
    TRAP: { exit: 1, when: "the guest trapped; `details.kind` says how, `details.source` where in the task" },
    GUEST_ABORT: {
      exit: 1,
      when: "AssemblyScript `abort()`; `details` has message, file, line and column, and `source` in the task",
    },
    TASK_FAILED: { exit: 1, when: "the guest called the SDK's `fail(message)`" },
    TIMEOUT: { exit: 1, when: "the call ran past its time limit; its worker was replaced" },
    MEMORY_LIMIT: {
      exit: 1,
      when: "the guest needed more memory than its maximum, or its worker's heap limit (`details.heap`)",
    },
    INPUT_INVALID: { exit: 2, when: "the input does not match the declared type; `issues` lists every problem" },
    INPUT_TOO_LARGE: { exit: 2, when: "the input's encoding is over `maxInputBytes`" },
    OUTPUT_INVALID: { exit: 1, when: "the guest's output is not data of the declared type" },
    OUTPUT_TOO_LARGE: { exit: 1, when: "the guest's output is over `maxOutputBytes`" },
    GUEST_PROTOCOL_ERROR: { exit: 1, when: "the guest broke the ABI (pointers or lengths outside its memory)" },
    WORKER_CRASHED: {
      exit: 1,
      when: "the worker running the call died, or the pool's workers cannot start; the pool replaced it",
    },
    QUEUE_FULL: { exit: 1, when: "the pool's queue was at its limit; nothing ran" },
    CANCELLED: { exit: 1, when: "the call or run was cancelled; running guest code was stopped" },
  },
  files: {
    FILE_NOT_REGULAR: {
      exit: 2,
      when: "a path wasmflow reads names a directory, FIFO, socket or device; `details.kind` says which",
    },
    FILE_TOO_LARGE: { exit: 2, when: "a file is over the size cap of its kind; `details.size`, `details.maxBytes`" },
  },
  store: {
    STORE_CORRUPT: {
      exit: 1,
      when: "the database file is empty, truncated or not a database, or damaged data was found; `issues` say what",
    },
    STORE_FULL: { exit: 1, when: "the disk holding the store is full; the write was rolled back" },
    STORE_BUSY: { exit: 1, when: "another process held the store's write lock past the busy timeout" },
    STORE_READONLY: { exit: 1, when: "the home folder or database file may not be written by this user" },
    STORE_ERROR: {
      exit: 1,
      when: "any other fault of the store: a database from a newer wasmflow, an I/O error, a home path naming a file",
    },
  },
  project: {
    FILES_EXIST: {
      exit: 2,
      when: "`wasmflow init` would overwrite files, or change package.json fields, that are already there; `issues` lists each, and `--force` overwrites them",
    },
  },
  service: {
    REQUEST_INVALID: {
      exit: 2,
      when: "an HTTP request's body, query or parameters are malformed or of the wrong content type; `issues` says where",
    },
    REQUEST_TOO_LARGE: { exit: 2, when: "an HTTP request's body is over the server's cap for it (HTTP 413)" },
    ROUTE_NOT_FOUND: { exit: 2, when: "no route of the HTTP API has that method and path (HTTP 404)" },
    REQUEST_TIMEOUT: {
      exit: 2,
      when: "an HTTP request's headers or body did not arrive within the server's time for them (HTTP 408)",
    },
    STREAMS_FULL: {
      exit: 1,
      when: "the server has as many event streams open as it allows; try again later (HTTP 429 with `Retry-After`)",
    },
    UNAUTHORIZED: {
      exit: 2,
      when: "the HTTP API needs an access token (`Authorization: Bearer …`) and the request has none, or one that is unknown or revoked (HTTP 401)",
    },
    FORBIDDEN: {
      exit: 2,
      when: "the request's token has a scope that does not allow it; `details` names the scope needed (HTTP 403)",
    },
    TOKEN_NOT_FOUND: { exit: 2, when: "no access token has that id, or it was revoked already" },
    SERVER_UNREACHABLE: {
      exit: 1,
      when: "the client (or the CLI with `--server`) got no answer from the server: it is down, the address is wrong, or the connection dropped",
    },
    SERVER_RESPONSE_INVALID: {
      exit: 1,
      when: "the server's answer is not one the wasmflow API gives: the address names another kind of server, or a proxy answered in its place",
    },
  },
  usage: {
    USAGE: { exit: 2, when: "an option or argument is out of range or of the wrong kind" },
    INTERNAL: {
      exit: 1,
      when: "an unexpected error — a bug of ours (the stack is printed only with `--verbose`)",
    },
  },
} as const satisfies Record<string, Record<string, CodeDoc>>;

type Groups<T> = T[keyof T];
/** Every error code. */
export type ErrorCode = keyof UnionToIntersection<Groups<typeof errorCodes>>;

/** Codes of the issues listed inside an error (`error.issues`), by what they are found in. */
export const issueCodes = {
  module: {
    MISSING_EXPORT: "an export the ABI needs is absent",
    EXPORT_KIND_MISMATCH: "an export the ABI needs is not a function (or memory)",
    SIGNATURE_MISMATCH: "an export has another core signature than the ABI and the definition require",
    IMPORT_NOT_ALLOWED: "an import outside the allowed host functions and `env.memory`",
    IMPORT_KIND_MISMATCH: "an allowed import name imported as another kind",
    IMPORT_SIGNATURE_MISMATCH: "an allowed host function imported with another signature",
    MEMORY_NO_MAXIMUM:
      "an imported memory declares no maximum (a memory the module defines gets the task's limit imposed)",
    MEMORY_MAXIMUM_OVER_LIMIT:
      "an imported memory's maximum is over `limits.maxMemoryPages` (a defined memory's is lowered to it)",
    MEMORY_INITIAL_OVER_LIMIT: "a memory starts above `limits.maxMemoryPages`",
    MEMORY_SHARED: "a shared memory",
    MEMORY64_UNSUPPORTED: "a 64-bit memory",
    MEMORY_MULTIPLE: "more than one memory",
    TABLE_NO_MAXIMUM: "a table declares no maximum",
    TABLE_OVER_LIMIT: "a table may hold more than 100 000 elements",
    TABLES_OVER_LIMIT: "more than 4 tables",
    ELEMENTS_OVER_LIMIT: "element segments with more entries in all than the tables can hold (400 000)",
    ELEMENT_SEGMENTS_OVER_LIMIT: "more than 1 000 element segments",
    GLOBALS_OVER_LIMIT: "more than 10 000 globals",
    EXPORTS_OVER_LIMIT: "more than 10 000 exports",
    GC_TYPES_UNSUPPORTED: "struct or array types (WebAssembly GC)",
    MODULE_TOO_LARGE: "a module over 16 MiB",
    SELF_DESCRIPTION_MISSING: "an sdk module without the `wasmflow.abi` section the build writes",
    SELF_DESCRIPTION_INVALID: "a `wasmflow.abi` section that does not parse",
    SELF_DESCRIPTION_DUPLICATE: "more than one `wasmflow.abi` section",
    SELF_DESCRIPTION_MISMATCH: "the module's own description of its types disagrees with the definition",
    ABI_VERSION_UNSUPPORTED: "a `wasmflow.abi` section of an ABI version this wasmflow does not know",
    PTR_LEN_TYPE_UNSUPPORTED: "a ptr-len task whose input or output is not `string` or `bytes`",
    COMPONENT_TYPE_MISMATCH:
      "a component function's parameters or result differ from the definition's input or output; `path` names the narrowest place",
    COMPONENT_TYPE_UNSUPPORTED:
      "a WIT type with no wasmflow type (s8, u8, s16, u16 outside `list<u8>`, resources, streams, futures, error-context, fixed-length lists), or an async function",
    COMPONENT_SIGNATURE_UNSUPPORTED: "a component function without parameters or without a result",
    COMPONENT_IMPORT_NOT_ALLOWED:
      "a component import (an interface, a function, a resource) that is not on the allow-list",
    COMPONENT_TRANSPILE_FAILED: "a component jco cannot turn into bindings the sandbox loads",
  },
  definition: {
    FILE_UNREADABLE: "the file cannot be read",
    JSON_SYNTAX: "the file is not valid JSON",
    TYPE_SYNTAX: "a value type that does not parse",
    TOO_DEEP: "JSON or a type nested deeper than allowed",
    TOO_MANY_FIELDS: "a record with more fields than allowed",
    RESERVED_KEY: "a field or key named `__proto__`, `constructor` or `prototype`",
    PLAIN_INPUT_NOT_RECORD: "a plain task whose input is not a record of its parameters",
    PLAIN_TYPE_UNSUPPORTED: "a type a plain export cannot take or return",
    INVALID_TYPE: "a field of the wrong JSON type",
    INVALID_VALUE: "a field with a value outside those allowed",
    INVALID_FORMAT: "a string of the wrong form (a name, a version…)",
    INVALID_UNION: "a value matching none of the forms allowed",
    INVALID_KEY: "a key of the wrong form",
    INVALID_ELEMENT: "an element of the wrong form",
    TOO_BIG: "a number or length over its maximum",
    TOO_SMALL: "a number or length under its minimum",
    NOT_MULTIPLE_OF: "a number that is not a multiple it must be",
    UNRECOGNIZED_KEYS: "fields the schema does not have",
    CUSTOM: "a schema rule of its own was broken",
  },
  flow: {
    DUPLICATE_STEP_ID: "two steps with one id",
    RESERVED_STEP_ID: "a step id that is reserved",
    UNKNOWN_TASK: "a step (or a build) names a task that is not registered (or has no definition)",
    UNKNOWN_STEP: "a reference to a step that does not exist",
    DUPLICATE_REFERENCE: "the same step referred to twice from one place",
    SELF_LOOP: "a step that waits for itself",
    CYCLE: "steps that wait for each other; the path is given",
    UNREACHABLE_STEP: "a step no path from a root reaches",
    UNSATISFIABLE_JOIN: "a join rule that can never be satisfied",
    ELSE_NOT_LAST: "an `else` arm that is not the last arm",
    INVALID_BRANCH_ARM: "a branch arm of neither form `{ if, then }` nor `{ else }`",
    BRANCH_TARGET_CONFLICT: "a branch target that is also reached another way",
    ONERROR_TARGET_CONFLICT: "an error-path target that is also reached another way",
    NOT_AN_ANCESTOR: "an expression reads a step that is not guaranteed to have settled before it",
    OUTPUT_OF_FAILED_STEP: "an error path reads the output of the step whose failure it handles",
    ERROR_READ_OUTSIDE_HANDLER: "`steps.x.error` read outside `x`'s error path",
    UNKNOWN_STEP_MEMBER: "a step read as something other than `output` or `error`",
    STEP_INPUT_NOT_RECORD: "a step's input mapping for a task whose input is not a record",
    MISSING_INPUT_FIELD: "a task input field the step does not map",
    UNKNOWN_INPUT_FIELD: "a step maps a field the task's input does not have",
    LITERAL_TYPE_MISMATCH: "a literal of the wrong type for its field",
    MAYBE_ABSENT: "a value that may be absent fed into a field that is not an option",
  },
  input: {
    WRONG_TYPE: "a value of another type than declared",
    MISSING_FIELD: "a declared record field that is absent",
    UNKNOWN_FIELD: "a field the record type does not declare",
    NOT_INTEGER: "a number that is not an integer where the type is one",
    NOT_SAFE_INTEGER: "a 64-bit integer given as a number past 2^53",
    OUT_OF_RANGE: "an integer outside its type's range; a char that is not one character; a tuple of another length",
    UNKNOWN_CASE: "an enum case or variant tag the type does not declare",
    INVALID_STRING: "a string holding a lone surrogate",
    UNSTABLE: "a value whose getters answered differently while it was read",
    UNSUPPORTED: "a value of a type a plain export cannot take",
  },
  store: {
    FILE_EMPTY: "the database file is empty (0 bytes)",
    FILE_TRUNCATED: "the database file is not a whole number of pages",
    FILE_MISSING: "the database file is gone but its write-ahead log is still there",
    NOT_A_DATABASE: "the file is not a SQLite database",
    SQLITE_CORRUPT: "SQLite found a damaged page while reading",
    SQLITE_NOTADB: "SQLite found the file is not a database while reading",
    SQLITE_INTEGRITY: "a problem SQLite's integrity check reports",
    FOREIGN_KEY: "a row that refers to a row that is not there",
    MODULE_HASH: "a module's bytes no longer match their sha256",
    DEFINITION_HASH: "a stored definition no longer matches its sha256",
  },
  build: {
    COMPILE_ERROR: "a compiler reported an error: AssemblyScript, or for a JavaScript task esbuild or componentize-js",
    COMPILE_WARNING: "the AssemblyScript compiler reported a warning",
    SOURCE_NOT_FOUND: "a definition's `source` names no file",
    MODULE_CONFLICT: "two definitions would write one module from different sources",
    MODULE_PATH_OUTSIDE_ROOT: "a module path outside the project root",
    SOURCE_ABI_CONFLICT: "one source built for two ABIs",
    SOURCE_MODULE_CONFLICT: "one source built into two modules",
    SDK_SOURCE_SHARED: "one sdk or component source shared by several definitions: its module describes one entry",
    EXPORT_NAME_INVALID: "an export name the build cannot generate",
    WIT_NAME_INVALID: "a field name whose kebab-case form is no WIT name, or is another field's",
    SOURCE_LANGUAGE_UNSUPPORTED: "a JavaScript or TypeScript source for an ABI other than component",
    BUILD_TOOL_MISSING: "an opt-in build tool a JavaScript task needs (componentize-js, esbuild) that is not installed",
    SOURCE_MAP_TOO_LARGE: "(a warning) a source map over 1 MiB was left out of the module: no failure names a line",
  },
  project: {
    FOLDER_OUTSIDE_ROOT: "a folder named by `wasmflow.config.json` outside the project root",
    NO_DEFINITIONS: "a build target (file, folder or glob) that holds no task definition",
    FILE_EXISTS: "a file the template writes is already there",
    PATH_BLOCKED:
      "a folder where the template writes a file, or a file where it needs a folder; `--force` does not replace it",
    PACKAGE_FIELD_DIFFERS: "package.json sets a field the template needs (`type`, a script) to another value",
  },
} as const satisfies Record<string, Record<string, string>>;

/**
 * Every issue code. The issues of `TASKS_INVALID` (one per refused file) carry the error code
 * that refused the file, so an issue code may also be an error code.
 */
export type IssueCode = keyof UnionToIntersection<Groups<typeof issueCodes>> | ErrorCode;

// biome-ignore lint/suspicious/noExplicitAny: the standard union-to-intersection helper.
type UnionToIntersection<U> = (U extends any ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

const allIssueCodes: ReadonlySet<string> = new Set([
  ...Object.values(issueCodes).flatMap((group) => Object.keys(group)),
  ...Object.values(errorCodes).flatMap((group) => Object.keys(group)),
]);

/** Whether `code` is a listed issue code (for codes that arrive as data, e.g. from a schema refinement). */
export function isIssueCode(code: unknown): code is IssueCode {
  return typeof code === "string" && allIssueCodes.has(code);
}

const allErrorCodes: ReadonlySet<string> = new Set(Object.values(errorCodes).flatMap((group) => Object.keys(group)));

/** Whether `code` is a listed error code (for codes that arrive as data, e.g. in a server's answer). */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === "string" && allErrorCodes.has(code);
}

/** The exit code of an error code. */
export function exitCodeOf(code: ErrorCode): ExitCode {
  for (const group of Object.values(errorCodes)) {
    const doc = (group as Record<string, CodeDoc>)[code];
    if (doc !== undefined) return doc.exit;
  }
  return 1;
}
