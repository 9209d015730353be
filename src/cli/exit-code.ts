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
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
