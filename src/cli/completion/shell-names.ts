// The shells `dedupe completion` writes a script for: the one list the subcommand's grammar,
// its help and the script renderer (script.ts) share. Kept apart so that parsing loads no renderer.
export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof COMPLETION_SHELLS)[number];
