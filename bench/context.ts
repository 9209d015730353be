// What every scenario receives (options, tools, folders, a progress line) and what it returns
// (tables, notes and the named figures the targets are judged on).
import type { BenchOptions } from './options.js';
import type { Table } from './report.js';
import type { Progress, Verified } from './rounds.js';
import type { Toolset } from './tools.js';

export interface Context {
  readonly options: BenchOptions;
  readonly tools: Toolset;
  /** Where corpora are generated (temp, or --dir). */
  readonly workDir: string;
  /** Small throwaway files: GNU time reports, verification output. */
  readonly scratch: string;
  readonly progress: Progress;
}

export interface ScenarioResult {
  readonly name: string;
  readonly title: string;
  readonly input: string;
  readonly tables: readonly Table[];
  /** Tables rendered in milliseconds rather than MiB/s. */
  readonly latency?: boolean;
  readonly verified: readonly Verified[];
  readonly notes: readonly string[];
  /** Named numbers the targets read, e.g. "big.default.xMawk". */
  readonly figures: Readonly<Record<string, number | undefined>>;
}
