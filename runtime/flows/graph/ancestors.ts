import type { GraphCore } from "./build-graph.js";

/**
 * Every step's ancestors as one bit row per step: 10 000 steps take 10 000 × 313 words = 12.5 MB.
 * Rows are filled in topological order (a row is its predecessors' rows or-ed together, plus
 * the predecessors themselves), so building costs one row-or per edge and a query is one bit test.
 * Steps on or behind a cycle keep an empty row.
 */
export class AncestorSets {
  private readonly words: number;
  private readonly bits: Uint32Array;

  constructor(core: GraphCore, order: readonly number[]) {
    const n = core.ids.length;
    this.words = (n + 31) >>> 5;
    this.bits = new Uint32Array(n * this.words);
    for (const node of order) {
      const row = node * this.words;
      for (const pred of core.preds[node] ?? []) {
        const from = pred * this.words;
        for (let w = 0; w < this.words; w++) {
          this.bits[row + w] = (this.bits[row + w] as number) | (this.bits[from + w] as number);
        }
        this.bits[row + (pred >>> 5)] = (this.bits[row + (pred >>> 5)] as number) | (1 << (pred & 31));
      }
    }
  }

  /** True when `ancestor` settles before `node` can start, on every run. */
  has(node: number, ancestor: number): boolean {
    const word = this.bits[node * this.words + (ancestor >>> 5)] as number;
    return (word & (1 << (ancestor & 31))) !== 0;
  }

  /** The ancestors of `node`, in node order. */
  of(node: number): number[] {
    const found: number[] = [];
    const row = node * this.words;
    for (let w = 0; w < this.words; w++) {
      let word = this.bits[row + w] as number;
      while (word !== 0) {
        const low = word & -word;
        found.push((w << 5) + (31 - Math.clz32(low)));
        word ^= low;
      }
    }
    return found;
  }
}
