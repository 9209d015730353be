// How the plan reads a flag's text as a value: whole numbers, step lists, and the usage error
// that names the flag at fault. One wording for every flag, so the refusals test can match them.

export interface UsageError {
  readonly kind: 'usage-error';
  readonly message: string;
}

export function wholeNumber(value: string | undefined, flag: string): number | UsageError {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n))
    return usage(`${flag}: expected a whole number (0 or more), got '${value}'`);
  return n;
}

/** --fold and --no-fold steps: each flag may be repeated and may list several, comma-separated. */
export function splitSteps(lists: readonly string[] | undefined): string[] {
  return (lists ?? [])
    .flatMap((l) => l.split(','))
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function usage(message: string): UsageError {
  return { kind: 'usage-error', message };
}
