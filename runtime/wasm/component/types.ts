/**
 * A component's types as data, read from its binary: what its exported functions take and
 * return, and what it imports. Names and structure follow WIT; a type refers to nothing outside
 * itself (named types are inlined), so it can be compared and printed on its own.
 */

/** WIT's primitive value types. */
export const witPrimitives = [
  "bool",
  "s8",
  "u8",
  "s16",
  "u16",
  "s32",
  "u32",
  "s64",
  "u64",
  "f32",
  "f64",
  "char",
  "string",
  "error-context",
] as const;

export type WitPrimitive = (typeof witPrimitives)[number];

export interface WitPrimitiveType {
  readonly kind: WitPrimitive;
}
export interface WitListType {
  readonly kind: "list";
  readonly element: WitType;
  /** Set for a fixed-length list, `list<T, n>`. */
  readonly length?: number;
}
export interface WitOptionType {
  readonly kind: "option";
  readonly inner: WitType;
}
export interface WitField {
  /** The WIT label, e.g. `word-count`. */
  readonly name: string;
  readonly type: WitType;
}
export interface WitRecordType {
  readonly kind: "record";
  readonly fields: readonly WitField[];
}
export interface WitTupleType {
  readonly kind: "tuple";
  readonly elements: readonly WitType[];
}
export interface WitEnumType {
  readonly kind: "enum";
  readonly cases: readonly string[];
}
export interface WitCase {
  readonly name: string;
  readonly type?: WitType;
}
export interface WitVariantType {
  readonly kind: "variant";
  readonly cases: readonly WitCase[];
}
export interface WitResultType {
  readonly kind: "result";
  readonly ok?: WitType;
  readonly err?: WitType;
}
export interface WitFlagsType {
  readonly kind: "flags";
  readonly flags: readonly string[];
}
/** A handle to a resource: `own<r>` or `borrow<r>`. */
export interface WitHandleType {
  readonly kind: "own" | "borrow";
  /** The resource's name where the component gives one, else `resource`. */
  readonly resource: string;
}
/** An async `stream<T>` or `future<T>` (the element is absent in `stream` and `future`). */
export interface WitAsyncType {
  readonly kind: "stream" | "future";
  readonly element?: WitType;
}

export type WitType =
  | WitPrimitiveType
  | WitListType
  | WitOptionType
  | WitRecordType
  | WitTupleType
  | WitEnumType
  | WitVariantType
  | WitResultType
  | WitFlagsType
  | WitHandleType
  | WitAsyncType;

export interface WitParam {
  readonly name: string;
  readonly type: WitType;
}

export interface WitFunction {
  readonly params: readonly WitParam[];
  /** Absent for a function that returns nothing. */
  readonly result?: WitType;
  /** A function of the component model's async ABI (`async func`). */
  readonly async: boolean;
}

/** What an import or export is: the component model's sorts. */
export type ComponentItemKind = "func" | "instance" | "type" | "component" | "core-module" | "value";

export interface ComponentExport {
  readonly name: string;
  readonly kind: ComponentItemKind;
}

/** An exported function, by the path a task definition names it with. */
export interface ComponentFunctionExport {
  /** `run` for a function the component exports itself; `wasmflow:task/run@0.1.0#run` for one of an exported interface. */
  readonly path: string;
  readonly type: WitFunction;
}

export interface ComponentInstanceFunction {
  readonly name: string;
  readonly type: WitFunction;
}

export type ComponentImport =
  | {
      readonly name: string;
      readonly kind: "instance";
      /** The interface's functions, in declared order. */
      readonly functions: readonly ComponentInstanceFunction[];
      /** The names of the types it exports. */
      readonly types: readonly string[];
    }
  | { readonly name: string; readonly kind: "func"; readonly type: WitFunction }
  | {
      readonly name: string;
      readonly kind: "type";
      /**
       * `eq`: a type the world defines, equal to one the component declares (wit-component writes
       * a world's own typedefs so); it grants nothing. `resource`: a resource the host provides.
       */
      readonly bound: "eq" | "resource";
    }
  | { readonly name: string; readonly kind: "component" | "core-module" | "value" };

export interface ComponentTypes {
  /** Bytes read. */
  readonly size: number;
  /** Every export of the component, in order. */
  readonly exports: readonly ComponentExport[];
  /** Every function the component exports, directly or as part of an exported instance, in order. */
  readonly functions: readonly ComponentFunctionExport[];
  readonly imports: readonly ComponentImport[];
}
