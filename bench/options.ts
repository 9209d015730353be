// The benchmark's command line: `npm run bench -- --size 100M --rounds 3 --scenarios big,many`.
// Parsed once into a BenchOptions value; an unknown flag or a bad value is an error, not a guess.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseBytes, parseCount } from './sizes.js';

export const ALL_SCENARIOS = [
  'startup',
  'big',
  'paragraph',
  'many',
  'memory',
  'real',
  'index',
  'near',
  'scale',
  'compressed',
  'files',
  'outdir',
  'w2',
  'giant',
  'huge',
] as const;
export type ScenarioName = (typeof ALL_SCENARIOS)[number];
/** `huge` (100 million distinct lines) is long, so it runs only when named. */
export const DEFAULT_SCENARIOS: readonly ScenarioName[] = ALL_SCENARIOS.filter((name) => name !== 'huge');

export interface BenchOptions {
  readonly scenarios: readonly ScenarioName[];
  readonly size: number;
  readonly rounds: number;
  readonly seed: number;
  readonly repeatShare: number;
  readonly files: number;
  readonly fileBytes: number;
  readonly distinct: number;
  readonly hugeDistinct: number;
  /** near: distinct long paragraphs fed to the near index for its memory figure. */
  readonly nearParagraphs: number;
  readonly startupRuns: number;
  readonly tools: readonly string[];
  readonly realDir: string | undefined;
  /** The dedupe entry point to measure (default: this repo's bin/dedupe.js). */
  readonly dedupeBin: string;
  /** Another build measured beside it in the same rounds (before/after columns). */
  readonly baselineBin: string | undefined;
  /** giant: bytes of the one giant line. */
  readonly giant: number;
  readonly workDir: string | undefined;
  readonly keep: boolean;
  readonly json: string | undefined;
  readonly help: boolean;
}

export const USAGE = `usage: npm run bench -- [options]
  --scenarios LIST   comma-separated: ${ALL_SCENARIOS.join(',')} (default: ${DEFAULT_SCENARIOS.join(',')})
  --size N           bytes of generated text for big and paragraph (default 100M; 1G for the issue's target)
  --rounds N         timed rounds per command, alternating (default 3)
  --files N          many: number of small files (default 20000)
  --file-size N      many: bytes per small file (default 5K)
  --distinct N       memory: distinct short lines (default 10M)
  --huge N           huge: distinct short lines (default 100M)
  --near-paragraphs N  near: distinct long paragraphs for the memory figure (default 10M)
  --startup-runs N   startup: runs per command (default 10)
  --tools LIST       subset of dedupe,exact,mawk,gawk,cat (default all that are installed)
  --seed N           generator seed (default 1)
  --repeat-share F   share of repeated units (default 0.3)
  --dedupe FILE      the bin/dedupe.js to measure (default: this checkout's; e.g. a build of another commit)
  --baseline FILE    another bin/dedupe.js (an older commit's build) timed beside it, as "(before)" rows
  --giant N          giant: bytes of the one giant line (default 200M)
  --real DIR         the real corpus folder (default: ../shared/corpus next to the repo, if present)
  --dir DIR          where generated corpora go (default: a new folder under the system temp dir)
  --keep             keep the generated corpora (a later run with --dir DIR reuses them)
  --json FILE        also write all measurements as JSON`;

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function defaultRealDir(): string | undefined {
  const candidate = join(REPO, '..', 'shared', 'corpus');
  return existsSync(candidate) ? candidate : undefined;
}

export function parseOptions(argv: readonly string[]): BenchOptions {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--keep' || arg === '--help' || arg === '-h') {
      flags.add(arg);
      continue;
    }
    if (!arg.startsWith('--')) throw new Error(`unexpected argument '${arg}'`);
    const eq = arg.indexOf('=');
    const [name, value] = eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, argv[++i]];
    if (value === undefined) throw new Error(`${name} needs a value`);
    values.set(name, value);
  }
  const known = [
    '--scenarios',
    '--size',
    '--rounds',
    '--files',
    '--file-size',
    '--distinct',
    '--huge',
    '--near-paragraphs',
    '--startup-runs',
    '--tools',
    '--seed',
    '--repeat-share',
    '--real',
    '--dir',
    '--json',
    '--dedupe',
    '--baseline',
    '--giant',
  ];
  for (const name of values.keys()) if (!known.includes(name)) throw new Error(`unknown option ${name}`);

  const scenarios = (values
    .get('--scenarios')
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean) ?? [...DEFAULT_SCENARIOS]) as ScenarioName[];
  for (const s of scenarios)
    if (!(ALL_SCENARIOS as readonly string[]).includes(s)) throw new Error(`unknown scenario '${s}'`);
  const tools = values
    .get('--tools')
    ?.split(',')
    .map((s) => s.trim()) ?? ['dedupe', 'exact', 'mawk', 'gawk', 'cat'];
  const positive = (name: string, n: number): number => {
    if (!Number.isFinite(n) || n < 1) throw new Error(`${name}: expected a positive number`);
    return n;
  };
  const share = Number(values.get('--repeat-share') ?? '0.3');
  if (!(share >= 0 && share < 1)) throw new Error('--repeat-share: expected a number in [0, 1)');
  return {
    scenarios,
    size: positive('--size', parseBytes(values.get('--size') ?? '100M')),
    rounds: positive('--rounds', Number(values.get('--rounds') ?? '3')),
    seed: Number(values.get('--seed') ?? '1'),
    repeatShare: share,
    files: positive('--files', parseCount(values.get('--files') ?? '20000')),
    fileBytes: positive('--file-size', parseBytes(values.get('--file-size') ?? '5K')),
    distinct: positive('--distinct', parseCount(values.get('--distinct') ?? '10M')),
    hugeDistinct: positive('--huge', parseCount(values.get('--huge') ?? '100M')),
    nearParagraphs: positive('--near-paragraphs', parseCount(values.get('--near-paragraphs') ?? '10M')),
    startupRuns: positive('--startup-runs', Number(values.get('--startup-runs') ?? '10')),
    tools,
    realDir: values.get('--real') ?? defaultRealDir(),
    dedupeBin: resolve(values.get('--dedupe') ?? join(REPO, 'bin', 'dedupe.js')),
    baselineBin: values.has('--baseline') ? resolve(values.get('--baseline')!) : undefined,
    giant: positive('--giant', parseBytes(values.get('--giant') ?? '200M')),
    workDir: values.get('--dir'),
    keep: flags.has('--keep'),
    json: values.get('--json'),
    help: flags.has('--help') || flags.has('-h'),
  };
}

export const REPO_ROOT = REPO;
