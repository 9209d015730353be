// A monotonic clock in milliseconds for the CLI's timings and the run's pauses, the same reading as
// performance.now() without it: the first read of the global `performance` loads perf_hooks and
// about ten more of Node's modules, a few milliseconds of every start-up (issue 20).
// It only reads the clock; nothing here decides what a time means.

const origin = process.hrtime.bigint();

/** Milliseconds since this module loaded, with sub-millisecond precision; never goes back. */
export function monotonicNow(): number {
  return Number(process.hrtime.bigint() - origin) / 1e6;
}
