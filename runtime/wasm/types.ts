/** Core WebAssembly value types as they appear in function signatures. */
export type CoreValueType = "i32" | "i64" | "f32" | "f64" | "v128" | "funcref" | "externref" | "exnref" | "ref";

/** A core function signature, e.g. `(i32, i32) -> i64`. */
export interface FuncSignature {
  readonly params: readonly CoreValueType[];
  readonly results: readonly CoreValueType[];
}

/** Limits of a memory or table. `maximum` is absent when the module declares none. */
export interface Limits {
  readonly initial: number;
  readonly maximum?: number;
  readonly shared: boolean;
  /** memory64 / table64: addresses are i64. */
  readonly index64: boolean;
}

export interface TableType {
  readonly element: CoreValueType;
  readonly limits: Limits;
}

export interface GlobalType {
  readonly type: CoreValueType;
  readonly mutable: boolean;
}

export type ExternalKind = "func" | "table" | "memory" | "global" | "tag";

export type ImportEntry =
  | { readonly module: string; readonly name: string; readonly kind: "func"; readonly type: FuncSignature }
  | { readonly module: string; readonly name: string; readonly kind: "table"; readonly type: TableType }
  | { readonly module: string; readonly name: string; readonly kind: "memory"; readonly type: Limits }
  | { readonly module: string; readonly name: string; readonly kind: "global"; readonly type: GlobalType }
  | { readonly module: string; readonly name: string; readonly kind: "tag"; readonly type: FuncSignature };

export type ExportEntry =
  | { readonly name: string; readonly kind: "func"; readonly index: number; readonly type: FuncSignature }
  | { readonly name: string; readonly kind: "table"; readonly index: number; readonly type: TableType }
  | { readonly name: string; readonly kind: "memory"; readonly index: number; readonly type: Limits }
  | { readonly name: string; readonly kind: "global"; readonly index: number; readonly type: GlobalType }
  | { readonly name: string; readonly kind: "tag"; readonly index: number; readonly type: FuncSignature };

export interface CustomSection {
  readonly name: string;
  /** A view into the inspected bytes (not a copy). */
  readonly data: Uint8Array;
}

/** The element section, counted rather than kept: a module may declare millions of entries. */
export interface ElementSegments {
  /** Segments of every mode: active, passive and declarative. */
  readonly count: number;
  /** Entries over all segments. */
  readonly entries: number;
}

/** What registration needs to know about a module, read from its bytes without running it. */
export interface ModuleInfo {
  readonly size: number;
  readonly imports: readonly ImportEntry[];
  readonly exports: readonly ExportEntry[];
  /** Every memory in index space order: imported ones first, then defined ones. */
  readonly memories: readonly Limits[];
  /** Every table in index space order: imported ones first, then defined ones. */
  readonly tables: readonly TableType[];
  /** Every global in index space order: imported ones first, then defined ones. */
  readonly globals: readonly GlobalType[];
  readonly elements: ElementSegments;
  /** Struct and array types (GC proposal) in the type section. */
  readonly gcTypes: number;
  /** Number of functions defined (not imported) by the module. */
  readonly definedFunctions: number;
  /** Index of the start function, when the module has one. */
  readonly startFunction?: number;
  readonly customSections: readonly CustomSection[];
}
