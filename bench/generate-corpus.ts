// The deterministic benchmark corpus: decides which unit comes next (new, exact repeat or spelling
// variant), writes the files into a temporary folder, and records the number of distinct units
// the default key and `--key exact` must keep, so the runner checks correctness before speed.
// Run alone: node dist/bench/generate-corpus.js --kind lines --size 100M [--seed 1] [--out DIR]
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createTextModel, MAX_VERSIONS, type Scratch, type UnitShape } from './arabic-text.js';
import { openFileSink, type FileSink } from './file-sink.js';
import { makeNearCopy } from './near-copies.js';
import { rngFor } from './prng.js';
import { parseBytes, parseCount } from './sizes.js';

export type CorpusKind = 'lines' | 'paragraphs' | 'many' | 'distinct' | 'few';

export interface CorpusSpec {
  readonly kind: CorpusKind;
  readonly seed: number;
  /** lines, paragraphs: total bytes to reach. many: ignored (files x fileBytes). */
  readonly bytes: number;
  /** Share of units that repeat an earlier one (lines, paragraphs, many). */
  readonly repeatShare: number;
  /** Of the repeats, the share that is a new spelling variant rather than a byte-exact copy. */
  readonly variantShare: number;
  /** lines: the chance, after each unit, of a near copy of an earlier line (near-copies.ts). */
  readonly nearShare: number;
  /** many: how many files, and the size each one reaches before the next begins. */
  readonly files: number;
  readonly fileBytes: number;
  /** distinct, few: how many lines; few cycles through `fewDistinct` of them. */
  readonly units: number;
  readonly fewDistinct: number;
}

export interface CorpusManifest {
  readonly version: number;
  readonly spec: CorpusSpec;
  readonly unit: 'line' | 'paragraph';
  /** The whole corpus as one file (for many: the same bytes as the small files, concatenated). */
  readonly oneFile: string;
  /** many: the folder of small files, named by manyFileNames(). */
  readonly manyDir?: string;
  readonly fileCount: number;
  readonly bytes: number;
  readonly units: number;
  /**
   * Distinct units under the default key and `--key exact`, and what `dedupe --near` keeps: the
   * default's count less the near copies, each a near duplicate of the line it was made from.
   */
  readonly expected: { readonly standard: number; readonly exact: number; readonly near: number };
  readonly nearCopies: number;
  readonly seconds: number;
}

// Bump when the text model or the mixing changes, so cached corpora are regenerated.
export const GENERATOR_VERSION = 2;

export const DEFAULT_SPEC: CorpusSpec = {
  kind: 'lines',
  seed: 1,
  bytes: 100 * 1024 ** 2,
  repeatShare: 0.3,
  variantShare: 0.5,
  // About 4,000 near copies in 1 GiB (a chance is spent only on a line long enough, once each).
  nearShare: 0.002,
  files: 20_000,
  fileBytes: 5 * 1024,
  units: 10_000_000,
  fewDistinct: 1000,
};

const LINE_SHAPE: UnitShape = { minBytes: 40, maxBytes: 400, minLines: 1, maxLines: 1 };
const PARAGRAPH_SHAPE: UnitShape = { minBytes: 40, maxBytes: 300, minLines: 2, maxLines: 5 };
const SHORT_SHAPE: UnitShape = { minBytes: 16, maxBytes: 40, minLines: 1, maxLines: 1 };

/** Names of the small files of a `many` corpus, in order (short, so 20,000 fit in argv). */
export function manyFileNames(count: number): string[] {
  const width = String(count - 1).length;
  return Array.from({ length: count }, (_, i) => `${String(i).padStart(width, '0')}.txt`);
}

/** Generates the corpus into `dir` (created if needed), or reuses it when the manifest matches. */
export function generateCorpus(spec: CorpusSpec, dir: string): CorpusManifest {
  const manifestPath = join(dir, 'manifest.json');
  if (existsSync(manifestPath)) {
    const old = JSON.parse(readFileSync(manifestPath, 'utf8')) as CorpusManifest;
    if (old.version === GENERATOR_VERSION && JSON.stringify(old.spec) === JSON.stringify(spec)) return old;
  }
  mkdirSync(dir, { recursive: true });
  const started = process.hrtime.bigint();
  const oneFile = join(dir, 'one.txt');
  const manyDir = spec.kind === 'many' ? join(dir, 'files') : undefined;
  if (manyDir) mkdirSync(manyDir, { recursive: true });

  const model = createTextModel(spec.seed);
  const scratch: Scratch = { bytes: new Uint8Array(1 << 16), length: 0 };
  const one = openFileSink(oneFile);
  const names = manyDir ? manyFileNames(spec.files) : [];
  let fileIndex = 0;
  let small: FileSink | undefined = manyDir ? openFileSink(join(manyDir, names[0])) : undefined;
  const mixer = createMixer(spec);
  const paragraphs = spec.kind === 'paragraphs';
  const shape = paragraphs
    ? PARAGRAPH_SHAPE
    : spec.kind === 'distinct' || spec.kind === 'few'
      ? SHORT_SHAPE
      : LINE_SHAPE;
  const blank = new Uint8Array([10]);
  let units = 0;
  // Its own stream: the other units are the same with or without near copies.
  const nearRng = rngFor(spec.seed, 0, 0x79);
  const nearSerials = new Set<number>();
  const nearShare = spec.kind === 'lines' ? spec.nearShare : 0;

  for (;;) {
    if (spec.kind === 'distinct' || spec.kind === 'few') {
      if (units === spec.units) break;
    } else if (spec.kind === 'many') {
      if (small!.written >= spec.fileBytes) {
        small!.close();
        small = undefined;
        if (++fileIndex === spec.files) break;
        small = openFileSink(join(manyDir!, names[fileIndex]));
      }
    } else if (one.written >= spec.bytes) {
      break;
    }
    if (nearShare > 0 && units > 0 && nearRng.chance(nearShare)) {
      // One near copy per line at most, of a line already written (its first, plain spelling).
      const serial = nearRng.below(mixer.standard());
      scratch.length = 0;
      model.writeUnit(scratch, serial, 0, shape);
      if (!nearSerials.has(serial) && makeNearCopy(scratch, 0, rngFor(spec.seed, serial, 0x4000))) {
        nearSerials.add(serial);
        one.append(scratch.bytes, 0, scratch.length);
        small?.append(scratch.bytes, 0, scratch.length);
        units++;
        continue;
      }
    }
    const [serial, version] = mixer.next(units);
    scratch.length = 0;
    model.writeUnit(scratch, serial, version, shape);
    if (paragraphs && units > 0) one.append(blank, 0, 1);
    one.append(scratch.bytes, 0, scratch.length);
    small?.append(scratch.bytes, 0, scratch.length);
    units++;
  }
  const bytes = one.written;
  one.close();
  small?.close();

  const manifest: CorpusManifest = {
    version: GENERATOR_VERSION,
    spec,
    unit: paragraphs ? 'paragraph' : 'line',
    oneFile,
    manyDir,
    fileCount: manyDir ? spec.files : 1,
    bytes,
    units,
    expected: {
      standard: mixer.standard() + nearSerials.size,
      exact: mixer.exact() + nearSerials.size,
      near: mixer.standard(),
    },
    nearCopies: nearSerials.size,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

interface Mixer {
  /** The (serial, version) of unit number i; called with i = 0, 1, 2, ... */
  next(i: number): [number, number];
  standard(): number;
  exact(): number;
}

// Decides the stream: a new unit, a byte-exact repeat of an earlier spelling, or a new spelling of
// an earlier unit. Counting serials and spellings as they appear gives the expected distinct counts.
function createMixer(spec: CorpusSpec): Mixer {
  if (spec.kind === 'distinct') return { next: (i) => [i, 0], standard: () => spec.units, exact: () => spec.units };
  if (spec.kind === 'few') {
    const f = Math.min(spec.fewDistinct, spec.units);
    return { next: (i) => [i % f, 0], standard: () => f, exact: () => f };
  }
  const rng = rngFor(spec.seed, 0, 0x77);
  let versions = new Uint8Array(1 << 16); // spellings emitted so far, per serial
  let serials = 0;
  let spellings = 0;
  return {
    next() {
      if (serials === 0 || !rng.chance(spec.repeatShare)) {
        if (serials === versions.length) {
          const bigger = new Uint8Array(versions.length * 2);
          bigger.set(versions);
          versions = bigger;
        }
        versions[serials] = 1;
        spellings++;
        return [serials++, 0];
      }
      const serial = rng.below(serials);
      if (rng.chance(spec.variantShare) && versions[serial] < MAX_VERSIONS) {
        spellings++;
        return [serial, versions[serial]++];
      }
      return [serial, rng.below(versions[serial])];
    },
    standard: () => serials,
    exact: () => spellings,
  };
}

/** A fresh folder under the system temp dir, never inside the repository. */
export function benchTempDir(prefix = 'dedupe-bench-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

function cli(argv: string[]): void {
  const get = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const kind = (get('--kind') ?? 'lines') as CorpusKind;
  const spec: CorpusSpec = {
    ...DEFAULT_SPEC,
    kind,
    seed: Number(get('--seed') ?? DEFAULT_SPEC.seed),
    bytes: parseBytes(get('--size') ?? '100M'),
    units: parseCount(get('--units') ?? '10M'),
    files: parseCount(get('--files') ?? String(DEFAULT_SPEC.files)),
  };
  const dir = get('--out') ?? benchTempDir();
  const manifest = generateCorpus(spec, dir);
  process.stdout.write(JSON.stringify(manifest, null, 2) + '\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) cli(process.argv.slice(2));
