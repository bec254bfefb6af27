import type { ValueType } from "../../../values/index.js";
import { isNonNullReference, type TypeModel } from "../type-model.js";
import {
  type CoreType,
  casePayloads,
  casesLayout,
  flagsSize,
  flatten,
  layoutOf,
  maxFlatParams,
  maxFlatResults,
  memberOffsets,
  memberTypes,
} from "./canonical-layout.js";

/** One flat core value the lifting reads: its AssemblyScript name and its (possibly joined) type. */
interface Slot {
  readonly name: string;
  readonly core: CoreType;
}

/** The AssemblyScript exports the entry defines, renamed in the binary afterwards. */
export const glueExports = { run: "__wasmflow_run", postReturn: "__wasmflow_post_run", abort: "__wasmflow_abort" };

/**
 * Writes the canonical-ABI glue of one task in AssemblyScript, the types' own classes on both
 * sides: the entry that lifts the input from its flat parameters (or from memory behind one
 * pointer, past 16 of them), calls the task, and lowers its output to one flat result or into a
 * return area; the post-return that frees what the call allocated; and per type a function
 * reading it from memory and one writing it there, each written once (named by the type model's
 * tag, which is structural).
 */
export class CanonicalGlue {
  private readonly functions: string[] = [];
  private readonly written = new Set<string>();

  constructor(private readonly model: TypeModel) {}

  /** The entry and post-return of `task(input: Input): Output`, then every helper they use. */
  entry(taskFunction: string, input: ValueType, output: ValueType): string {
    const flatIn = flatten(input);
    let params: string;
    let lifted: string;
    if (flatIn.length > maxFlatParams) {
      params = "args: i32";
      lifted = `${this.load(input)}(<usize>args)`;
    } else {
      const slots = flatIn.map((core, i): Slot => ({ name: `a${i}`, core }));
      params = slots.map((s) => `${s.name}: ${s.core}`).join(", ");
      lifted = this.liftFlat(input, slots, { at: 0 });
    }
    const flatOut = flatten(output);
    const direct = flatOut.length <= maxFlatResults ? flatOut[0] : undefined;
    const resultType = direct ?? "i32";
    const body =
      direct === undefined
        ? [
            `  const area = __abi_alloc(${layoutOf(output).size}, ${layoutOf(output).align});`,
            `  ${this.store(output)}(area, output);`,
            "  return <i32>area;",
          ]
        : [`  return ${this.lowerSingle(output, "output")};`];
    const entry = [
      `// The task's export: (${flatIn.length > maxFlatParams ? "a pointer to the input" : flatIn.join(", ")}) -> ${direct ?? "a pointer to the output"}.`,
      `export function ${glueExports.run}(${params}): ${resultType} {`,
      `  const output = ${taskFunction}(${lifted});`,
      ...body,
      "}",
      "",
      "// Called once the host has copied the output out: frees what the call allocated.",
      `export function ${glueExports.postReturn}(result: ${resultType}): void {`,
      "  __abi_reset();",
      "}",
      "",
    ];
    return [...entry, ...this.functions].join("\n");
  }

  private helper(name: string, text: () => string): string {
    if (!this.written.has(name)) {
      this.written.add(name);
      this.functions.push(text());
    }
    return name;
  }

  /** `__load_T(p: usize): T`: reads a value from memory at `p`. */
  load(type: ValueType): string {
    const name = `__load_${this.model.tag(type)}`;
    return this.helper(name, () => fn(name, "p: usize", this.model.asType(type), this.loadBody(type)));
  }

  private loadBody(type: ValueType): string[] {
    const asType = this.model.asType(type);
    switch (type.kind) {
      case "bool":
        return ["return load<u8>(p) != 0;"];
      case "s32":
        return ["return load<i32>(p);"];
      case "u32":
      case "char":
        return ["return load<u32>(p);"];
      case "s64":
        return ["return load<i64>(p);"];
      case "u64":
        return ["return load<u64>(p);"];
      case "f32":
        return ["return load<f32>(p);"];
      case "f64":
        return ["return load<f64>(p);"];
      case "string":
        return ["return __liftString(<usize>load<u32>(p), <usize>load<u32>(p, 4));"];
      case "bytes":
        return ["return __liftBytes(<usize>load<u32>(p), <usize>load<u32>(p, 4));"];
      case "list":
        return [`return ${this.fromList(type)}(<usize>load<u32>(p), <i32>load<u32>(p, 4));`];
      case "enum":
        return [`return <${asType}>load<u${layoutOf(type).size * 8}>(p);`];
      case "flags":
        return [`return <u32>load<u${flagsSize(type.flags.length) * 8}>(p);`];
      case "record":
      case "tuple": {
        const offsets = memberOffsets(type);
        const sets = memberTypes(type).map(
          (member, i) => `value.${this.memberName(type, i)} = ${this.load(member)}(p + ${offsets[i]});`,
        );
        return [`const value = new ${asType}();`, ...sets, "return value;"];
      }
      case "option":
      case "result":
      case "variant": {
        const layout = casesLayout(type);
        const cases = casePayloads(type).map((payload) =>
          payload === undefined ? undefined : `${this.load(payload)}(p + ${layout.payload})`,
        );
        return this.caseReturns(type, `load<u${layout.discriminant * 8}>(p)`, cases);
      }
    }
  }

  /** `__fromList_T(base: usize, length: i32): Array<T>`: a list's items read from memory. */
  private fromList(type: Extract<ValueType, { kind: "list" }>): string {
    const name = `__fromList_${this.model.tag(type)}`;
    const { size } = layoutOf(type.element);
    return this.helper(name, () =>
      fn(name, "base: usize, length: i32", this.model.asType(type), [
        `const items = newArray<${this.model.asType(type.element)}>(length);`,
        `for (let i = 0; i < length; i++) unchecked((items[i] = ${this.load(type.element)}(base + <usize>i * ${size})));`,
        "return items;",
      ]),
    );
  }

  /**
   * Returns a value of an option, result or variant: `disc` picks the case, `payloads[i]` is the
   * expression of case i's payload (undefined without one). The last case needs no test: the
   * host lowered a valid discriminant.
   */
  private caseReturns(type: ValueType, disc: string, payloads: readonly (string | undefined)[]): string[] {
    const lines = [`const disc = ${disc};`];
    payloads.forEach((payload, i) => {
      const made = this.caseValue(type, i, payload);
      lines.push(i === payloads.length - 1 ? `return ${made};` : `if (disc == ${i}) return ${made};`);
    });
    return lines;
  }

  private caseValue(type: ValueType, index: number, payload: string | undefined): string {
    switch (type.kind) {
      case "option": {
        if (index === 0 || payload === undefined) return "null";
        return isNonNullReference(type.inner) ? payload : `new Box<${this.model.asType(type.inner)}>(${payload})`;
      }
      case "result": {
        const name = this.model.declarationOf(type).name;
        return `${name}.${index === 0 ? "ok" : "err"}(${payload ?? ""})`;
      }
      case "variant": {
        const declared = this.model.declarationOf(type);
        return `${declared.name}.${declared.cases[index]?.constructorName}(${payload ?? ""})`;
      }
      default:
        throw new Error(`${type.kind} has no cases`);
    }
  }

  /** `__store_T(p: usize, value: T): void`: writes a value to memory at `p`. */
  store(type: ValueType): string {
    const name = `__store_${this.model.tag(type)}`;
    return this.helper(name, () =>
      fn(name, `p: usize, value: ${this.model.asType(type)}`, "void", this.storeBody(type)),
    );
  }

  private storeBody(type: ValueType): string[] {
    switch (type.kind) {
      case "bool":
        return ["store<u8>(p, value ? 1 : 0);"];
      case "s32":
        return ["store<i32>(p, value);"];
      case "u32":
      case "char":
        return ["store<u32>(p, value);"];
      case "s64":
        return ["store<i64>(p, value);"];
      case "u64":
        return ["store<u64>(p, value);"];
      case "f32":
        return ["store<f32>(p, value);"];
      case "f64":
        return ["store<f64>(p, value);"];
      case "string":
        return [
          // A lone surrogate (AssemblyScript strings are UTF-16 units) has no UTF-8 form: it
          // becomes U+FFFD, as TextEncoder makes it in a JavaScript component.
          "const utf8 = String.UTF8.encode(value, false, String.UTF8.ErrorMode.REPLACE);",
          "__abi_pins.push(utf8);",
          "store<u32>(p, <u32>changetype<usize>(utf8));",
          "store<u32>(p, <u32>utf8.byteLength, 4);",
        ];
      case "bytes":
        return [
          "__abi_pins.push(value);",
          "store<u32>(p, <u32>value.dataStart);",
          "store<u32>(p, <u32>value.byteLength, 4);",
        ];
      case "list": {
        const { size, align } = layoutOf(type.element);
        return [
          "const length = value.length;",
          `const base = __abi_alloc(<usize>length * ${size}, ${align});`,
          `for (let i = 0; i < length; i++) ${this.store(type.element)}(base + <usize>i * ${size}, unchecked(value[i]));`,
          "store<u32>(p, <u32>base);",
          "store<u32>(p, <u32>length, 4);",
        ];
      }
      case "enum": {
        const bits = layoutOf(type).size * 8;
        return [`store<u${bits}>(p, <u${bits}>value);`];
      }
      case "flags": {
        const bits = flagsSize(type.flags.length) * 8;
        return [`store<u${bits}>(p, <u${bits}>value);`];
      }
      case "record":
      case "tuple": {
        const offsets = memberOffsets(type);
        return memberTypes(type).map(
          (member, i) => `${this.store(member)}(p + ${offsets[i]}, value.${this.memberName(type, i)});`,
        );
      }
      case "option": {
        const { payload } = casesLayout(type);
        const inner = isNonNullReference(type.inner)
          ? `changetype<${this.model.asType(type.inner)}>(value)`
          : "value.value";
        return [
          "if (value === null) {",
          "  store<u8>(p, 0);",
          "  return;",
          "}",
          "store<u8>(p, 1);",
          `${this.store(type.inner)}(p + ${payload}, ${inner});`,
        ];
      }
      case "result": {
        const { payload } = casesLayout(type);
        const lines = ["store<u8>(p, value.isOk ? 0 : 1);"];
        if (type.ok !== undefined) lines.push(`if (value.isOk) ${this.store(type.ok)}(p + ${payload}, value.ok);`);
        if (type.err !== undefined) lines.push(`if (!value.isOk) ${this.store(type.err)}(p + ${payload}, value.err);`);
        return lines;
      }
      case "variant": {
        const layout = casesLayout(type);
        const bits = layout.discriminant * 8;
        const declared = this.model.declarationOf(type);
        const lines = [`store<u${bits}>(p, <u${bits}>value.tag);`];
        declared.cases.forEach((c, i) => {
          if (c.type === undefined || c.field === undefined) return;
          lines.push(`if (value.tag == ${i}) ${this.store(c.type)}(p + ${layout.payload}, value.${c.field});`);
        });
        return lines;
      }
    }
  }

  /** The field holding member `index` of a record or tuple in its class. */
  private memberName(type: ValueType, index: number): string {
    if (type.kind === "record") return this.model.declarationOf(type).fields[index]?.identifier ?? "";
    return `_${index}`;
  }

  /**
   * An expression lifting a value from flat slots, starting at `cursor.at` and moving it past
   * them. Scalars read their slot (converted back from a variant's joined slot type); strings,
   * bytes and lists their (pointer, length) pair; anything else goes through a function whose
   * parameters are exactly its slots (AssemblyScript has no closures).
   */
  private liftFlat(type: ValueType, slots: readonly Slot[], cursor: { at: number }): string {
    const take = (want: CoreType): string => {
      const slot = slots[cursor.at++];
      if (slot === undefined) throw new Error(`no flat slot left for ${type.kind}`);
      return coerce(slot, want);
    };
    switch (type.kind) {
      case "bool":
        return `${take("i32")} != 0`;
      case "s32":
        return take("i32");
      case "u32":
      case "char":
      case "flags":
        return `<u32>${take("i32")}`;
      case "enum":
        return `<${this.model.asType(type)}>${take("i32")}`;
      case "s64":
        return take("i64");
      case "u64":
        return `<u64>${take("i64")}`;
      case "f32":
        return take("f32");
      case "f64":
        return take("f64");
      case "string":
        return `__liftString(<usize>${take("i32")}, <usize>${take("i32")})`;
      case "bytes":
        return `__liftBytes(<usize>${take("i32")}, <usize>${take("i32")})`;
      case "list":
        return `${this.fromList(type)}(<usize>${take("i32")}, ${take("i32")})`;
      default: {
        const width = flatten(type).length;
        const used = slots.slice(cursor.at, cursor.at + width);
        cursor.at += width;
        return `${this.liftFunction(
          type,
          used.map((s) => s.core),
        )}(${used.map((s) => s.name).join(", ")})`;
      }
    }
  }

  /** `__lift_T_<slot types>(a0, a1…): T` for a record, tuple, option, result or variant. */
  private liftFunction(type: ValueType, cores: readonly CoreType[]): string {
    const name = `__lift_${this.model.tag(type)}_${cores.join("")}`;
    return this.helper(name, () => {
      const slots = cores.map((core, i): Slot => ({ name: `a${i}`, core }));
      const params = slots.map((s) => `${s.name}: ${s.core}`).join(", ");
      return fn(name, params, this.model.asType(type), this.liftBody(type, slots));
    });
  }

  private liftBody(type: ValueType, slots: readonly Slot[]): string[] {
    if (type.kind === "record" || type.kind === "tuple") {
      const cursor = { at: 0 };
      const sets = memberTypes(type).map(
        (member, i) => `value.${this.memberName(type, i)} = ${this.liftFlat(member, slots, cursor)};`,
      );
      return [`const value = new ${this.model.asType(type)}();`, ...sets, "return value;"];
    }
    // Every case reads its payload from the slots after the discriminant.
    const payloads = casePayloads(type).map((payload) =>
      payload === undefined ? undefined : this.liftFlat(payload, slots, { at: 1 }),
    );
    return this.caseReturns(type, "a0", payloads);
  }

  /** The one flat value of an output that flattens to one: what the entry returns directly. */
  private lowerSingle(type: ValueType, value: string): string {
    switch (type.kind) {
      case "bool":
        return `${value} ? 1 : 0`;
      case "u32":
      case "char":
      case "enum":
      case "flags":
        return `<i32>${value}`;
      case "u64":
        return `<i64>${value}`;
      case "record":
      case "tuple": {
        const member = memberTypes(type)[0];
        if (member === undefined) throw new Error(`${type.kind} has no member`);
        return this.lowerSingle(member, `${value}.${this.memberName(type, 0)}`);
      }
      case "variant":
        return `<i32>${value}.tag`;
      case "result":
        return `${value}.isOk ? 0 : 1`;
      default:
        return value;
    }
  }
}

/** A slot's value as the type a case reads: a joined slot holds the case's bits. */
function coerce(slot: Slot, want: CoreType): string {
  if (slot.core === want) return slot.name;
  if (want === "i32" && slot.core === "i64") return `<i32>${slot.name}`;
  if (want === "f32" && slot.core === "i32") return `reinterpret<f32>(${slot.name})`;
  if (want === "f32" && slot.core === "i64") return `reinterpret<f32>(<i32>${slot.name})`;
  if (want === "f64" && slot.core === "i64") return `reinterpret<f64>(${slot.name})`;
  throw new Error(`a ${slot.core} slot cannot hold a ${want}`);
}

function fn(name: string, params: string, result: string, body: readonly string[]): string {
  return [`function ${name}(${params}): ${result} {`, ...body.map((line) => `  ${line}`), "}", ""].join("\n");
}

/**
 * The part of the glue every component task shares: `cabi_realloc`, through which the host
 * writes the input into the module's memory, and the bookkeeping post-return undoes.
 */
export const glueRuntime = `// cabi_realloc hands out raw blocks of AssemblyScript's heap, which the GC neither moves nor
// frees; post-return frees them (the host's copy of the input, the return area, list items).
const __abi_blocks: Array<usize> = [];
export function cabi_realloc(oldPtr: usize, oldSize: usize, align: usize, newSize: usize): usize {
  if (newSize == 0) return align;
  const raw = heap.alloc(newSize + align);
  __abi_blocks.push(raw);
  const p = (raw + align - 1) & ~(align - 1);
  if (oldPtr != 0) memory.copy(p, oldPtr, oldSize < newSize ? oldSize : newSize);
  return p;
}

function __abi_alloc(size: usize, align: usize): usize {
  return cabi_realloc(0, 0, align, size);
}

// Objects the output points into (UTF-8 buffers, byte arrays): kept alive until post-return,
// or a collection while later fields are written could free them before the host reads them.
const __abi_pins: Array<Object> = [];

function __abi_reset(): void {
  for (let i = 0; i < __abi_blocks.length; i++) heap.free(unchecked(__abi_blocks[i]));
  __abi_blocks.length = 0;
  __abi_pins.length = 0;
}

function __liftString(p: usize, length: usize): string {
  return String.UTF8.decodeUnsafe(p, length);
}

function __liftBytes(p: usize, length: usize): Uint8Array {
  const bytes = new Uint8Array(<i32>length);
  memory.copy(bytes.dataStart, p, length);
  return bytes;
}
`;
