// `dedupe completion SHELL`: renders the script for one shell from the program's completion
// model (model.ts); loaded only when that subcommand runs. It prints nothing itself.
import type { Command } from 'commander';
import { completionModel } from './model.js';
import { bashScript } from './bash.js';
import { zshScript } from './zsh.js';
import { fishScript } from './fish.js';
import type { Shell } from './shell-names.js';

export function completionScript(shell: Shell, program: Command): string {
  const model = completionModel(program);
  switch (shell) {
    case 'bash':
      return bashScript(model);
    case 'zsh':
      return zshScript(model);
    case 'fish':
      return fishScript(model);
  }
}
