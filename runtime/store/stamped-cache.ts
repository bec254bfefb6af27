import type { Store } from "./store.js";

/**
 * Answers by name, kept while the store's change stamp for `key` stays the same (see
 * `Store.changeStamp`): for lookups made on every call, such as the latest revision of a task or
 * a flow, which change only when something is registered or removed.
 */
export class StampedCache<T> {
  private readonly byName = new Map<string, T>();
  private stamp = "";

  constructor(
    private readonly store: Store,
    private readonly key: string,
  ) {}

  /** The kept answer for `name`, or `load()`'s, kept; what `load` throws is not kept. */
  get(name: string, load: () => T): T {
    const stamp = this.store.changeStamp(this.key);
    if (stamp !== this.stamp) {
      this.byName.clear();
      this.stamp = stamp;
    }
    let value = this.byName.get(name);
    if (value === undefined) {
      value = load();
      this.byName.set(name, value);
    }
    return value;
  }
}
