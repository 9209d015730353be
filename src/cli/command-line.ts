// Every command line that is not a plain run (plain-argv.ts): read by commander (program.ts),
// then either handed back as a run for main.ts or, for a subcommand, run here to its exit code.
// Loaded only for such a line, so a plain run never builds commander's program (start-up).
import { CommanderError } from 'commander';
import { buildProgram, rewriteNegatedFold, type Parsed } from './program.js';
import { ExitCode } from './exit-code.js';
import type { Io } from './io.js';
import { isScaleParsed } from './scale-program.js';
import { isShadowedFile, shadowHint, withShadowHint } from './reserved-words.js';

export type CommandLine =
  { kind: 'run'; parsed: Extract<Parsed, { kind: 'dedupe' | 'key' }> } | { kind: 'exit'; code: ExitCode };

export async function readCommandLine(argv: readonly string[], io: Io, version: string): Promise<CommandLine> {
  let outText = '';
  let errText = ''; // held until parsing ends, so a subcommand's error can say ./NAME
  const { program, result, subcommand } = buildProgram(version, {
    out: (s) => {
      outText += s;
    },
    err: (s) => {
      errText += s;
    },
  });
  const exit = (code: ExitCode): CommandLine => ({ kind: 'exit', code });
  try {
    await program.parseAsync(rewriteNegatedFold(argv), { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (outText) await io.stdout.write(Buffer.from(outText));
    io.stderr.write(withShadowHint(errText, error.exitCode === 0 ? undefined : subcommand()));
    return exit(error.exitCode === 0 ? ExitCode.ok : ExitCode.trouble);
  }
  if (errText) io.stderr.write(errText);
  const parsed = result();
  if (!parsed) return exit(ExitCode.trouble);
  if (parsed.kind === 'key' && parsed.operands.length === 0 && isShadowedFile('key')) {
    // `dedupe key` would wait on standard input while the user most likely meant the file.
    io.stderr.write(`dedupe: ${shadowHint('key')} (or dedupe key - to read standard input)\n`);
    return exit(ExitCode.trouble);
  }
  if (parsed.kind === 'dedupe' || parsed.kind === 'key') return { kind: 'run', parsed };
  // Subcommands load their modules when used: a plain run opens fewer files at start-up (it must
  // start under a low `ulimit -n`) and starts faster.
  if (parsed.kind === 'completion') {
    const { completionScript } = await import('./completion/script.js');
    await io.stdout.write(Buffer.from(completionScript(parsed.shell, program)));
    return exit(ExitCode.ok);
  }
  if (isScaleParsed(parsed)) return exit(await (await import('./scale-commands.js')).runScaleCommand(parsed, io));
  if (parsed.kind === 'index-stats')
    return exit(await (await import('./index-commands.js')).runIndexStats(parsed.path, parsed.json, io));
  if (parsed.kind === 'index-salvage')
    return exit(await (await import('./index-commands.js')).runIndexSalvage(parsed.path, io));
  if (parsed.output === '') {
    io.stderr.write('dedupe: index merge: -o OUTPUT is required (the merged index)\n');
    return exit(ExitCode.trouble);
  }
  const { runIndexMerge } = await import('./index-commands.js');
  return exit(await runIndexMerge(parsed.inputs, parsed.output, parsed.force, io, io.pid, io.isAlive));
}
