// Child process of the near scenario: feeds N distinct generated paragraphs (80-300 characters of
// Arabic-like words) straight into a near matcher and prints, as JSON, the index's own bytes per
// kept paragraph and the growth of this process's peak RSS per kept paragraph. Run alone so the
// RSS belongs to the index and nothing else. With `projected`, the matcher is told the share of
// the input read so far, as a run over files of known size is (its tables then grow once to the
// projected size); without, it is not, as for standard input (its tables double).
import { NEAR_THRESHOLD } from '../src/near/near-score.js';
import { shippedDfTable } from '../src/near/df-table.js';
import { createNearMatcher } from '../src/near/near-matcher.js';
import { NEAR_SHAPE } from '../src/near/near-shape.js';
import { createRng } from './prng.js';
import { readFileSync } from 'node:fs';

const LETTERS = 'ابتثجحخدذرزسشصضطظعغفقكلمنهوي';

function peakRssBytes(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : process.memoryUsage().rss;
}

function main(): void {
  const n = Number(process.argv[2] ?? '1000000');
  const seed = Number(process.argv[3] ?? '1');
  const projected = process.argv[4] === 'projected';
  let fed = 0;
  const rng = createRng(seed);
  const encoder = new TextEncoder();
  const words: Uint8Array[] = [];
  for (let i = 0; i < 20000; i++) {
    let w = '';
    const len = rng.between(2, 8);
    for (let j = 0; j < len; j++) w += LETTERS[rng.below(LETTERS.length)];
    words.push(encoder.encode(w));
  }
  const text = new Uint8Array(2048);
  const matcher = createNearMatcher(
    {
      score: 'mix',
      threshold: NEAR_THRESHOLD.mix,
      minChars: 80,
      removeTemplates: false,
      shape: NEAR_SHAPE,
      df: shippedDfTable,
    },
    {
      rereadable: () => true,
      reread: () => undefined, // every candidate stays unverified: all paragraphs are kept
      key: (t) => t,
      keyHash: () => 0,
      share: projected ? () => fed / n : undefined,
    },
  );
  const before = peakRssBytes();
  const started = process.hrtime.bigint();
  let chars = 0;
  let removed = 0;
  for (let i = 0; i < n; i++) {
    const target = rng.between(80, 300);
    let length = 0;
    let c = 0;
    while (c < target) {
      const w = words[rng.below(words.length)];
      if (length > 0) {
        text[length++] = 0x20;
        c++;
      }
      text.set(w, length);
      length += w.length;
      c += w.length / 2;
    }
    chars += c;
    fed = i + 1;
    if (matcher.check(text, 0, length, text, length, { source: 0, line: i + 1, offset: i * 400, length }) !== undefined)
      removed++;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const after = peakRssBytes();
  process.stdout.write(
    `${JSON.stringify({
      paragraphs: n,
      kept: matcher.size,
      removed,
      avgChars: chars / n,
      seconds,
      indexBytesPerKept: matcher.bytes / matcher.size,
      rssBytesPerKept: (after - before) / matcher.size,
    })}\n`,
  );
}

main();
