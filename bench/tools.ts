// The commands a scenario compares: dedupe (default key and --key exact), the awk one-liners
// people use today (mawk, gawk) and cat as the I/O floor. A tool that is not installed, or not
// asked for with --tools, is left out and named in the report instead.
import { spawnSync } from 'node:child_process';
import type { Command } from './measure.js';

export type ToolName = 'dedupe' | 'exact' | 'mawk' | 'gawk' | 'cat';
export const TOOL_NAMES: readonly ToolName[] = ['dedupe', 'exact', 'mawk', 'gawk', 'cat'];

let dedupeBin = '';

export interface Toolset {
  readonly available: readonly ToolName[];
  /** Why each missing tool is missing, for the report. */
  readonly skipped: readonly string[];
  commands(inputs: readonly string[], unit: 'line' | 'paragraph', cwd?: string): Command[];
}

function installed(program: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' }).status === 0;
}

export function dedupeCommand(label: string, args: readonly string[], cwd?: string, tool = 'dedupe'): Command {
  return { label, tool, file: process.execPath, args: [dedupeBin, ...args], cwd };
}

/**
 * `bin` is the dedupe entry point every dedupe command runs (set once per bench run); `baseline`,
 * another build (an older commit), adds its own default and exact commands beside them.
 */
export function createToolset(wanted: readonly string[], bin: string, baseline?: string): Toolset {
  dedupeBin = bin;
  for (const w of wanted)
    if (!(TOOL_NAMES as readonly string[]).includes(w)) throw new Error(`--tools: unknown tool '${w}'`);
  const available: ToolName[] = [];
  const skipped: string[] = [];
  for (const tool of TOOL_NAMES) {
    if (!wanted.includes(tool)) continue;
    if ((tool === 'mawk' || tool === 'gawk' || tool === 'cat') && !installed(tool)) {
      skipped.push(`${tool}: not installed (Debian: apt-get install ${tool === 'cat' ? 'coreutils' : tool})`);
      continue;
    }
    available.push(tool);
  }
  return {
    available,
    skipped,
    commands(inputs, unit, cwd) {
      const para = unit === 'paragraph';
      const unitArgs = para ? ['--unit', 'paragraph'] : [];
      // awk's paragraph mode (RS="") is the closest one-liner; its output is not byte-exact.
      const awkArgs = para ? ['-v', 'RS=', '-v', 'ORS=\n\n', '!seen[$0]++'] : ['!seen[$0]++'];
      const out: Command[] = [];
      for (const tool of available) {
        switch (tool) {
          case 'dedupe':
            out.push(dedupeCommand('dedupe', [...unitArgs, ...inputs], cwd));
            break;
          case 'exact':
            out.push(dedupeCommand('dedupe --key exact', ['--key', 'exact', ...unitArgs, ...inputs], cwd, 'exact'));
            if (baseline) {
              const before = (label: string, args: readonly string[], tool: string): Command => ({
                label,
                tool,
                file: process.execPath,
                args: [baseline, ...args],
                cwd,
              });
              if (available.includes('dedupe')) out.push(before('dedupe (before)', [...unitArgs, ...inputs], 'dedupe'));
              out.push(before('dedupe --key exact (before)', ['--key', 'exact', ...unitArgs, ...inputs], 'exact'));
            }
            break;
          case 'mawk':
            out.push({ label: para ? 'mawk (RS="")' : 'mawk', tool, file: 'mawk', args: [...awkArgs, ...inputs], cwd });
            break;
          case 'gawk':
            out.push({ label: para ? 'gawk (RS="")' : 'gawk', tool, file: 'gawk', args: [...awkArgs, ...inputs], cwd });
            break;
          case 'cat':
            out.push({ label: 'cat', tool, file: 'cat', args: [...inputs], cwd });
            break;
        }
      }
      return out;
    },
  };
}
