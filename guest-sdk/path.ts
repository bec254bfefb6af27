// Deeper levels are still counted, so leave() stays balanced, but print as "…".
const trackedDepth = 64;

/**
 * Where a reader is inside the value, kept as a stack of field names and list indexes so that
 * nothing is formatted unless an error needs it: `input.items[2].name`.
 */
export class ValuePath {
  private readonly names: StaticArray<string | null> = new StaticArray<string | null>(trackedDepth);
  private readonly indexes: StaticArray<i32> = new StaticArray<i32>(trackedDepth);
  private depth: i32 = 0;

  constructor(private readonly root: string) {}

  enterField(name: string): void {
    if (this.depth < trackedDepth) this.names[this.depth] = name;
    this.depth++;
  }

  enterIndex(index: i32): void {
    if (this.depth < trackedDepth) {
      this.names[this.depth] = null;
      this.indexes[this.depth] = index;
    }
    this.depth++;
  }

  leave(): void {
    if (this.depth > 0) this.depth--;
  }

  toString(): string {
    let text = this.root;
    const shown = min(this.depth, trackedDepth);
    for (let i = 0; i < shown; i++) {
      const name = unchecked(this.names[i]);
      if (name !== null) {
        text += `.${name}`;
      } else {
        text += `[${unchecked(this.indexes[i]).toString()}]`;
      }
    }
    if (this.depth > trackedDepth) text += "…";
    return text;
  }
}
