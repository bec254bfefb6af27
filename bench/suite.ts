/** What every suite reports: rows of figures and the ratios against its in-run baselines. */
export interface SuiteResult {
  readonly suite: string;
  readonly note: string;
  readonly rows: readonly { name: string; opsPerSecond: number; p50Ms: number; p99Ms: number }[];
  readonly ratios: Readonly<Record<string, number>>;
}
