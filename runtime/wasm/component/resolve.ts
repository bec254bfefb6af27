import { ModuleParseError } from "../../errors/index.js";
import { componentLimits } from "./limits.js";
import type { ComponentEntry, FuncEntry, InstanceEntry, Item, TypeEntry, ValueRef } from "./scope.js";
import type { WitCase, WitField, WitFunction, WitParam, WitType } from "./types.js";

/** A type entry with the references in front of it followed: what the type is. */
type Definition = Exclude<TypeEntry, { kind: "same" | "export" }>;

/**
 * Turns decoded entries into self-contained types. Every reference followed and every type node
 * built is a step, counted against one budget for the whole component, and the steps in
 * progress are bounded too, so neither long chains of aliases nor types shared many times over
 * can make reading hang or overflow the stack.
 */
export class Resolver {
  private steps = 0;
  private depth = 0;
  private readonly byName = new WeakMap<readonly Item[], Map<string, Item>>();

  constructor(private readonly size: number) {}

  private fail(message: string): never {
    throw new ModuleParseError(message, { size: this.size });
  }

  private spend(steps: number): void {
    this.steps += steps;
    if (this.steps > componentLimits.maxResolveSteps) {
      this.fail(`the component's types expand past ${componentLimits.maxResolveSteps} steps to resolve`);
    }
  }

  private step<T>(run: () => T): T {
    this.spend(1);
    if (this.depth >= componentLimits.maxResolveDepth) {
      this.fail(`the component's types nest deeper than ${componentLimits.maxResolveDepth} levels`);
    }
    this.depth += 1;
    try {
      return run();
    } finally {
      this.depth -= 1;
    }
  }

  /** What a type entry is, and the first name it was given on the way (a resource's name). */
  private definition(entry: TypeEntry, name?: string): { readonly definition: Definition; readonly name?: string } {
    return this.step(() => {
      switch (entry.kind) {
        case "same":
          return this.definition(entry.of, name ?? entry.name);
        case "export": {
          const item = this.instanceExport(entry.instance, entry.name);
          if (item.sort !== "type") this.fail(`alias of "${entry.name}" names a ${item.sort}, not a type`);
          return this.definition(item.entry, name ?? entry.name);
        }
        default:
          return name === undefined ? { definition: entry } : { definition: entry, name };
      }
    });
  }

  valueType(ref: ValueRef): WitType {
    return this.step(() => {
      if (typeof ref === "string") return { kind: ref };
      const { definition } = this.definition(ref);
      if (definition.kind !== "value") this.fail(`a ${definition.kind} type is used where a value type must be`);
      const type = definition.type;
      switch (type.kind) {
        case "primitive":
          return { kind: type.type };
        case "record":
          return { kind: "record", fields: type.fields.map((f): WitField => this.named(f.name, f.type)) };
        case "variant":
          return {
            kind: "variant",
            cases: type.cases.map(
              (c): WitCase =>
                c.type === undefined ? { name: c.name } : { name: c.name, type: this.valueType(c.type) },
            ),
          };
        case "list": {
          const element = this.valueType(type.element);
          return type.length === undefined ? { kind: "list", element } : { kind: "list", element, length: type.length };
        }
        case "tuple":
          return { kind: "tuple", elements: type.elements.map((e) => this.valueType(e)) };
        case "flags":
          return { kind: "flags", flags: type.names };
        case "enum":
          return { kind: "enum", cases: type.names };
        case "option":
          return { kind: "option", inner: this.valueType(type.inner) };
        case "result":
          return {
            kind: "result",
            ...(type.ok === undefined ? {} : { ok: this.valueType(type.ok) }),
            ...(type.err === undefined ? {} : { err: this.valueType(type.err) }),
          };
        case "own":
        case "borrow": {
          const resource = this.definition(type.resource);
          if (resource.definition.kind !== "resource")
            this.fail(`${type.kind}<…> of a ${resource.definition.kind} type`);
          return { kind: type.kind, resource: resource.name ?? resource.definition.name ?? "resource" };
        }
        case "stream":
        case "future":
          return type.element === undefined
            ? { kind: type.kind }
            : { kind: type.kind, element: this.valueType(type.element) };
      }
    });
  }

  private named(name: string, type: ValueRef): WitParam {
    return { name, type: this.valueType(type) };
  }

  /** The function type a type entry defines. */
  functionType(entry: TypeEntry): WitFunction {
    return this.step(() => {
      const { definition } = this.definition(entry);
      if (definition.kind !== "func") this.fail(`a ${definition.kind} type is used where a function type must be`);
      const { params, result, async } = definition.type;
      const out = params.map((p) => this.named(p.name, p.type));
      return result === undefined ? { params: out, async } : { params: out, result: this.valueType(result), async };
    });
  }

  /** The type of a function entry. */
  funcType(entry: FuncEntry): WitFunction {
    return this.step(() => {
      switch (entry.kind) {
        case "typed":
          return this.functionType(entry.type);
        case "same":
          return this.funcType(entry.of);
        case "export": {
          const item = this.instanceExport(entry.instance, entry.name);
          if (item.sort !== "func") this.fail(`alias of "${entry.name}" names a ${item.sort}, not a function`);
          return this.funcType(item.entry);
        }
      }
    });
  }

  /** What an instance exports, as its type or its definition says. */
  instanceExports(entry: InstanceEntry): readonly Item[] {
    return this.step(() => {
      switch (entry.kind) {
        case "typed": {
          const { definition } = this.definition(entry.type);
          if (definition.kind !== "instance") this.fail(`an instance is declared with a ${definition.kind} type`);
          return definition.scope.exports;
        }
        case "instantiate":
          return this.componentExports(entry.component);
        case "inline":
          return entry.exports;
        case "same":
          return this.instanceExports(entry.of);
        case "export": {
          const item = this.instanceExport(entry.instance, entry.name);
          if (item.sort !== "instance") this.fail(`alias of "${entry.name}" names a ${item.sort}, not an instance`);
          return this.instanceExports(item.entry);
        }
      }
    });
  }

  private componentExports(entry: ComponentEntry): readonly Item[] {
    return this.step(() => {
      switch (entry.kind) {
        case "defined":
          return entry.scope.exports;
        case "typed": {
          const { definition } = this.definition(entry.type);
          if (definition.kind !== "component") this.fail(`a component is declared with a ${definition.kind} type`);
          return definition.scope.exports;
        }
        case "same":
          return this.componentExports(entry.of);
        case "export": {
          const item = this.instanceExport(entry.instance, entry.name);
          if (item.sort !== "component") this.fail(`alias of "${entry.name}" names a ${item.sort}, not a component`);
          return this.componentExports(item.entry);
        }
      }
    });
  }

  private instanceExport(instance: InstanceEntry, name: string): Item {
    const items = this.instanceExports(instance);
    let index = this.byName.get(items);
    if (index === undefined) {
      this.spend(items.length);
      index = new Map();
      for (const item of items) if (!index.has(item.name)) index.set(item.name, item);
      this.byName.set(items, index);
    }
    return index.get(name) ?? this.fail(`an alias names "${name}", which the instance does not export`);
  }
}
