// Words AssemblyScript's parser refuses as class field names; such fields get a trailing "_"
// in the generated class while keeping their name on the wire.
const reservedFieldWords = new Set(["abstract", "constructor", "declare", "private", "protected", "public", "static"]);
// The same for static method names (a variant's constructors).
const reservedStaticWords = new Set(["constructor", "readonly"]);

const reservedWords = new Set(
  (
    "abstract as async await break case catch class const constructor continue debugger declare default delete do " +
    "else enum export extends false finally for from function get if implements import in instanceof interface is " +
    "keyof let module namespace new null of package private protected public readonly return set static super " +
    "switch this throw true try type typeof var void while with yield"
  ).split(" "),
);

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * `item_count` → `ItemCount`, `meta` → `Meta`, `light-blue` → `LightBlue`: how a field or case
 * contributes to a nested type's name, and how a case or flag names its enum member or constant.
 * Labels are lower case, so every capital marks where a word began: two labels never share a name.
 */
export function pascalCase(name: string): string {
  return name
    .split(/[_-]/)
    .filter((part) => part.length > 0)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

/** `light-blue` → `lightBlue`: a case label as a member name. */
export function camelCase(label: string): string {
  const pascal = pascalCase(label);
  return pascal.charAt(0).toLowerCase() + pascal.slice(1);
}

/** The class member name of a record field. */
export function fieldIdentifier(name: string): string {
  return reservedFieldWords.has(name) ? `${name}_` : name;
}

/** The name of a static method, a variant's constructor of one case. */
export function staticIdentifier(name: string): string {
  return reservedStaticWords.has(name) ? `${name}_` : name;
}

/** Whether `name` can name an exported AssemblyScript function (an sdk task's entry). */
export function isFunctionName(name: string): boolean {
  return identifier.test(name) && !reservedWords.has(name);
}

/** Hands out names unique within one generated module: a taken name gets a numeric suffix. */
export class NameAllocator {
  private readonly taken = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const name of reserved) this.taken.add(name);
  }

  has(name: string): boolean {
    return this.taken.has(name);
  }

  take(preferred: string): string {
    let name = preferred;
    for (let n = 2; this.taken.has(name); n++) name = `${preferred}${n}`;
    this.taken.add(name);
    return name;
  }
}
