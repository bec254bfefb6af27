/** A FIFO of waiting calls with O(1) push/shift and removal by marking, so cancelling a queued call is cheap. */
export class CallQueue<T extends { removed: boolean }> {
  private items: (T | undefined)[] = [];
  private head = 0;
  private live = 0;

  get size(): number {
    return this.live;
  }

  push(item: T): void {
    item.removed = false;
    this.items.push(item);
    this.live += 1;
  }

  /** Puts an item back at the front: it was taken out before everything still waiting. */
  unshift(item: T): void {
    item.removed = false;
    if (this.head > 0) this.items[--this.head] = item;
    else this.items.unshift(item);
    this.live += 1;
  }

  shift(): T | undefined {
    while (this.head < this.items.length) {
      const item = this.items[this.head];
      this.items[this.head] = undefined;
      this.head += 1;
      if (item !== undefined && !item.removed) {
        this.live -= 1;
        this.compact();
        return item;
      }
    }
    this.compact();
    return undefined;
  }

  /** Marks an item removed; it is skipped when its turn comes. */
  remove(item: T): void {
    if (item.removed) return;
    item.removed = true;
    this.live -= 1;
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
