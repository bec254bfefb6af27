import type { WitPrimitive } from "./types.js";

/**
 * The index spaces of one component, component type or instance type, as decoded. An entry
 * holds the entries it refers to, not their indexes: every index is checked against the space
 * it names when it is read, and may only name an earlier entry, so following references always
 * ends (the component model's own rule: nothing refers forward).
 */
export class Scope {
  readonly types: TypeEntry[] = [];
  readonly funcs: FuncEntry[] = [];
  readonly instances: InstanceEntry[] = [];
  readonly components: ComponentEntry[] = [];
  readonly imports: Extern[] = [];
  readonly exports: Extern[] = [];

  constructor(
    /** The enclosing scope: what an outer alias counts out from. */
    readonly parent: Scope | undefined,
    /** How many scopes enclose this one. */
    readonly depth: number,
  ) {}
}

/** A value type's operand: a primitive, or a type of the index space. */
export type ValueRef = WitPrimitive | TypeEntry;

export interface DecodedField {
  readonly name: string;
  readonly type: ValueRef;
}
export interface DecodedCase {
  readonly name: string;
  readonly type: ValueRef | undefined;
}

/** A value type definition (`defvaltype`) with its operands still references. */
export type DecodedValueType =
  | { readonly kind: "primitive"; readonly type: WitPrimitive }
  | { readonly kind: "record"; readonly fields: readonly DecodedField[] }
  | { readonly kind: "variant"; readonly cases: readonly DecodedCase[] }
  | { readonly kind: "list"; readonly element: ValueRef; readonly length: number | undefined }
  | { readonly kind: "tuple"; readonly elements: readonly ValueRef[] }
  | { readonly kind: "flags"; readonly names: readonly string[] }
  | { readonly kind: "enum"; readonly names: readonly string[] }
  | { readonly kind: "option"; readonly inner: ValueRef }
  | { readonly kind: "result"; readonly ok: ValueRef | undefined; readonly err: ValueRef | undefined }
  | { readonly kind: "own" | "borrow"; readonly resource: TypeEntry }
  | { readonly kind: "stream" | "future"; readonly element: ValueRef | undefined };

export interface DecodedFunction {
  readonly params: readonly DecodedField[];
  readonly result: ValueRef | undefined;
  readonly async: boolean;
}

/** What a type index names. */
export type TypeEntry =
  | { readonly kind: "value"; readonly type: DecodedValueType }
  | { readonly kind: "func"; readonly type: DecodedFunction }
  | { readonly kind: "instance"; readonly scope: Scope }
  | { readonly kind: "component"; readonly scope: Scope }
  | { readonly kind: "resource"; readonly name: string | undefined }
  /** An import, export or outer alias of another type: the same type, maybe under a name. */
  | { readonly kind: "same"; readonly of: TypeEntry; readonly name: string | undefined }
  | { readonly kind: "export"; readonly instance: InstanceEntry; readonly name: string };

/** What a function index names. */
export type FuncEntry =
  | { readonly kind: "typed"; readonly type: TypeEntry }
  | { readonly kind: "same"; readonly of: FuncEntry }
  | { readonly kind: "export"; readonly instance: InstanceEntry; readonly name: string };

/** What an instance index names. */
export type InstanceEntry =
  /** An instance known by its instance type: an import, or an export ascribed one. */
  | { readonly kind: "typed"; readonly type: TypeEntry }
  | { readonly kind: "instantiate"; readonly component: ComponentEntry }
  | { readonly kind: "inline"; readonly exports: readonly Item[] }
  | { readonly kind: "same"; readonly of: InstanceEntry }
  | { readonly kind: "export"; readonly instance: InstanceEntry; readonly name: string };

/** What a component index names. */
export type ComponentEntry =
  | { readonly kind: "defined"; readonly scope: Scope }
  | { readonly kind: "typed"; readonly type: TypeEntry }
  | { readonly kind: "same"; readonly of: ComponentEntry }
  | { readonly kind: "export"; readonly instance: InstanceEntry; readonly name: string };

/** One named thing a scope imports or exports, an inline instance holds, or an instance exports. */
export type Item =
  | { readonly name: string; readonly sort: "type"; readonly entry: TypeEntry }
  | { readonly name: string; readonly sort: "func"; readonly entry: FuncEntry }
  | { readonly name: string; readonly sort: "instance"; readonly entry: InstanceEntry }
  | { readonly name: string; readonly sort: "component"; readonly entry: ComponentEntry }
  /** Core modules and values: listed, never looked into. */
  | { readonly name: string; readonly sort: "core-module" | "value" | "core" };

/** An import or export of a scope, with how it was declared (for a type: its bound). */
export type Extern = Item & { readonly bound?: "eq" | "resource" };
