// What a task returns to the CLI: done (with per-input messages to print), already done (a rerun:
// nothing was touched), refused (it could not start: nothing was touched and nothing is recorded),
// or failed (one line; the CLI prints it and records the failure marker).

export interface InputMessage {
  readonly label: string;
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

export type TaskOutcome =
  | { kind: 'done'; messages: InputMessage[] }
  | { kind: 'already-done' }
  | { kind: 'refused'; message: string }
  | { kind: 'failed'; message: string; messages: InputMessage[] };

export function failed(message: string, messages: InputMessage[] = []): TaskOutcome {
  return { kind: 'failed', message, messages };
}

/** The task cannot start (a phase before it unfinished, another output folder): status is left as it was. */
export function refused(message: string): TaskOutcome {
  return { kind: 'refused', message };
}
