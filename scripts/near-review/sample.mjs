// Draws the blind-review sheet: runs the built CLI with --near --report json over a corpus and
// writes 50 random (seeded) near removals, each with the removed paragraph, its kept copy and
// their places, and nothing of the score or the rule, so a reviewer judges the text alone.
// node scripts/near-review/sample.mjs [corpus] [sheet] [count] [seed]   (after npx tsc)
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, relative } from 'node:path';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const corpus = process.argv[2] ?? '/work/shared/corpus/ant-v1.1-jawharafm';
const sheet = process.argv[3] ?? join(repo, 'fixtures', 'near', 'review-sheet.jsonl');
const count = Number(process.argv[4] ?? 50);
const seed = Number(process.argv[5] ?? 20261207);

const run = spawnSync(
  process.execPath,
  [join(repo, 'bin', 'dedupe.js'), '--near', '--dry-run', '--report', 'json', corpus],
  {
    maxBuffer: 1 << 30,
    env: { ...process.env, DEDUPE_HUGE_PAGES: '0' },
  },
);
if (run.status !== 0) throw new Error(`dedupe exited ${run.status}: ${run.stderr}`);
const removals = run.stdout
  .toString('utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l))
  .filter((e) => e.type === 'duplicate' && e.match === 'near');

// mulberry32: a fixed seed gives the same sheet for the same run.
let state = seed >>> 0;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const picked = [...removals];
for (let i = picked.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [picked[i], picked[j]] = [picked[j], picked[i]];
}
const lineOf = (path, line) => readFileSync(path, 'utf8').split('\n')[line - 1];
const place = (path, line) => `${relative(join(corpus, '..'), path)}:${line}`;
const rows = picked.slice(0, count).map((e, i) => ({
  id: `r${String(i + 1).padStart(2, '0')}`,
  kept: { place: place(e.keptPath, e.keptLine), text: lineOf(e.keptPath, e.keptLine) },
  removed: { place: place(e.path, e.startLine), text: e.text.replace(/\n$/, '') },
  verdict: null,
}));
writeFileSync(sheet, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
console.error(`${removals.length} near removals; ${rows.length} drawn (seed ${seed}) to ${sheet}`);
