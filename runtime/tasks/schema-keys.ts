import type { z } from "zod";

interface Def {
  readonly type: string;
  readonly shape?: Readonly<Record<string, z.ZodType>>;
  readonly innerType?: z.ZodType;
  readonly element?: z.ZodType;
  readonly options?: readonly z.ZodType[];
}

const defOf = (schema: z.ZodType): Def => schema._zod.def as unknown as Def;

/**
 * The keys the object schema at `path` declares — the fields a misspelt key was probably meant
 * to be. Wrappers (optional, default…) are looked through; a union offers the keys of all its
 * object forms. Empty when the path leads to no object schema.
 */
export function schemaKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let at: z.ZodType[] = [schema];
  for (const key of path) {
    at = at.flatMap(objectForms).flatMap((form) => {
      const def = defOf(form);
      if (typeof key === "number") return def.type === "array" && def.element !== undefined ? [def.element] : [];
      const field = def.type === "object" ? def.shape?.[String(key)] : undefined;
      return field === undefined || !Object.hasOwn(def.shape ?? {}, String(key)) ? [] : [field];
    });
  }
  return [...new Set(at.flatMap(objectForms).flatMap((form) => Object.keys(defOf(form).shape ?? {})))];
}

/** The schema with wrappers looked through; a union's forms one by one. */
function objectForms(schema: z.ZodType): z.ZodType[] {
  let current = schema;
  for (let def = defOf(current); def.innerType !== undefined; def = defOf(current)) current = def.innerType;
  const def = defOf(current);
  return def.type === "union" && def.options !== undefined ? def.options.flatMap(objectForms) : [current];
}
