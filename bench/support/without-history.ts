import type { CommitSource, RunStore, RunWrite } from "../../runtime/store/index.js";

const notHistory = (write: RunWrite): boolean => write.kind !== "append-events";

/**
 * The run store with the history left out: every write but the events'. What the engine cost
 * before it kept a history, measured in the same run as the engine that keeps one.
 */
export function withoutHistory(runs: RunStore): RunStore {
  return new Proxy(runs, {
    get(target, key, receiver) {
      if (key === "submit") {
        return (source: CommitSource<RunWrite>) =>
          target.submit({
            take: () => {
              const { writes, afterCommit } = source.take();
              return { writes: writes.filter(notHistory), afterCommit };
            },
            fail: (error) => source.fail(error),
          });
      }
      if (key === "transaction") {
        return <T>(fn: (apply: (write: RunWrite) => void) => T): T =>
          target.transaction((apply) => fn((write) => (notHistory(write) ? apply(write) : undefined)));
      }
      const value = Reflect.get(target, key, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
