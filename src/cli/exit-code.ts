// The one place that says what each exit status means; main() maps a run's tally to one of these.

export const ExitCode = {
  /** Done; every input was read. */
  ok: 0,
  /** Reserved for check mode: duplicates were found. */
  duplicatesFound: 1,
  /** A usage error, or at least one input could not be read or an output not written. */
  trouble: 2,
  /** Interrupted by SIGINT (128 + 2, the shell convention). */
  interrupted: 130,
  /** Its terminal hung up: SIGHUP (128 + 1). */
  hungUp: 129,
  /** Asked to stop: SIGTERM (128 + 15). */
  terminated: 143,
} as const;

/** The signals a run cleans up after (temporary files, the index lock) before it exits, and how. */
export const CLEANUP_SIGNALS = [
  ['SIGINT', ExitCode.interrupted],
  ['SIGTERM', ExitCode.terminated],
  ['SIGHUP', ExitCode.hungUp],
] as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
