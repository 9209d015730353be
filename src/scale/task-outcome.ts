// What a task returns to the CLI: done (with per-input messages to print), already done (a rerun:
// nothing was touched), or failed (one line; the CLI prints it and records the failure marker).

export interface InputMessage { readonly label: string; readonly message: string; readonly severity: 'error' | 'warning' }

export type TaskOutcome =
  | { kind: 'done'; messages: InputMessage[] }
  | { kind: 'already-done' }
  | { kind: 'failed'; message: string; messages: InputMessage[] };

export function failed(message: string, messages: InputMessage[] = []): TaskOutcome {
  return { kind: 'failed', message, messages };
}
