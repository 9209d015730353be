// Timing discipline: every command of a scenario runs once per round, in a rotating order, so
// drift (thermal, page cache, neighbours) spreads over all of them instead of favouring one.
// Also the one-off correctness run that must pass before any speed is reported.
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { countUnits } from './count-units.js';
import { commandLine, measure, type Command, type Measurement } from './measure.js';

export class BenchFailure extends Error {}

const firstLines = (text: string): string => text.trim().split('\n').slice(0, 5).join('\n');

export type Progress = (text: string) => void;

export async function runAlternating(
  commands: readonly Command[],
  rounds: number,
  scratch: string,
  progress: Progress,
): Promise<Map<string, Measurement[]>> {
  const runs = new Map<string, Measurement[]>(commands.map((c) => [c.label, []]));
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < commands.length; k++) {
      const command = commands[(k + r) % commands.length];
      const m = await measure(command, scratch);
      if (m.exitCode !== 0) {
        throw new BenchFailure(
          `${command.label} exited with ${m.exitCode}: ${firstLines(m.stderr)}\n  ${commandLine(command)}`,
        );
      }
      runs.get(command.label)!.push(m);
      progress(
        `  round ${r + 1}/${rounds} ${command.label}: ${(m.wallMs / 1000).toFixed(2)} s, ${m.maxRssKiB === undefined ? '?' : (m.maxRssKiB / 1024).toFixed(0)} MiB`,
      );
    }
  }
  return runs;
}

export interface Verified {
  readonly label: string;
  readonly unit: 'line' | 'paragraph';
  readonly expected: number;
  readonly got: number;
  readonly measurement: Measurement;
}

/**
 * Runs `command` once into a temp file and checks the number of output units. Throws
 * BenchFailure on a mismatch: a fast wrong answer is not a result.
 */
export async function verifyCount(
  command: Command,
  unit: 'line' | 'paragraph',
  expected: number,
  scratch: string,
  strict = true,
): Promise<Verified> {
  const outPath = join(scratch, `verify-${process.pid}.out`);
  try {
    const m = await measure(command, scratch, outPath);
    if (m.exitCode !== 0)
      throw new BenchFailure(
        `${command.label} exited with ${m.exitCode}: ${firstLines(m.stderr)}\n  ${commandLine(command)}`,
      );
    const counts = countUnits(outPath);
    const got = unit === 'paragraph' ? counts.paragraphs : counts.lines;
    if (strict && got !== expected) {
      throw new BenchFailure(
        `WRONG OUTPUT: ${command.label} kept ${got} ${unit}s, expected ${expected}\n  ${commandLine(command)}`,
      );
    }
    return { label: command.label, unit, expected, got, measurement: m };
  } finally {
    rmSync(outPath, { force: true });
  }
}
