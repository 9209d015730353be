// Measures the key's throughput, fast path (bytes + tables, string fallback) against the string
// path alone, on the same lines in the same run. Input: the shared Arabic news corpus when it
// is present (../shared/corpus or DEDUPE_CORPUS), otherwise generated Arabic-like text.
// Run: npx tsc -p tsconfig.json && node dist/bench/key-throughput.js [--profile NAME] [--mib N]
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BAIL, buildFoldTables, createKeyer, foldBytes, resolveKeySpec, type Keyer } from '../src/key/index.js';

const MIB = 1024 * 1024;

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at >= 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}

function textFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return textFiles(path);
      return name.endsWith('.txt') ? [path] : [];
    });
}

// Words with the variants the key folds (harakat, hamza seats, alef forms, ة, ى, digits, ،).
const WORDS = [
  'أكّد',
  'الرئيسُ',
  'مسؤول',
  'الخارجية',
  'في',
  'إلى',
  'على',
  'الحكومة',
  'آلاف',
  'مصطفى',
  'تونس',
  '٢٠١٧',
  '،',
  'وزارة',
  'الصحة',
  'قال',
  'ـــ',
  'الشؤون',
  'يوم',
  'الخميس',
  '2016',
];

function generatedCorpus(bytes: number): Buffer {
  const lines: string[] = [];
  let seed = 12345;
  let size = 0;
  while (size < bytes) {
    const words: string[] = [];
    const count = 8 + (seed % 40);
    for (let w = 0; w < count; w++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      words.push(WORDS[seed % WORDS.length]);
    }
    const line = words.join(' ');
    lines.push(line);
    size += Buffer.byteLength(line) + 1;
  }
  return Buffer.from(lines.join('\n') + '\n');
}

function loadInput(): { name: string; data: Buffer } {
  const dir = resolve(process.env.DEDUPE_CORPUS ?? '../shared/corpus');
  if (existsSync(dir)) {
    const files = textFiles(dir);
    return { name: `${dir} (${files.length} files)`, data: Buffer.concat(files.map((path) => readFileSync(path))) };
  }
  return { name: 'generated Arabic-like text', data: generatedCorpus(16 * MIB) };
}

function lineBounds(data: Buffer): Int32Array {
  const bounds: number[] = [];
  let start = 0;
  for (let nl = data.indexOf(10); nl >= 0; nl = data.indexOf(10, start)) {
    bounds.push(start, nl);
    start = nl + 1;
  }
  if (start < data.length) bounds.push(start, data.length);
  return Int32Array.from(bounds);
}

function measure(keyer: Keyer, data: Buffer, bounds: Int32Array, targetBytes: number): number {
  let bytes = 0;
  let checksum = 0;
  const began = performance.now();
  while (bytes < targetBytes) {
    for (let u = 0; u < bounds.length; u += 2) {
      const length = keyer.fold(data, bounds[u], bounds[u + 1]);
      checksum = (checksum + length + keyer.out[0]) | 0;
      bytes += bounds[u + 1] - bounds[u];
    }
  }
  const seconds = (performance.now() - began) / 1000;
  if (checksum === 0.5) console.log('unreachable'); // keeps the loop's work observable
  return bytes / MIB / seconds;
}

const profile = option('--profile', 'standard');
const resolved = resolveKeySpec(profile);
if (resolved.kind === 'error') throw new Error(resolved.message);
const spec = resolved.spec;
const input = loadInput();
const bounds = lineBounds(input.data);
const targetBytes = Number(option('--mib', '200')) * MIB;

const tables = buildFoldTables(spec);
const scratch = new Uint8Array(input.data.length);
let bailedUnits = 0;
let bailedBytes = 0;
for (let u = 0; u < bounds.length; u += 2) {
  if (foldBytes(tables, input.data, bounds[u], bounds[u + 1], scratch) === BAIL) {
    bailedUnits++;
    bailedBytes += bounds[u + 1] - bounds[u];
  }
}

// The two paths take turns, round after round, and each reports its median round: on a shared
// machine a burst of other work then slows both alike instead of skewing the ratio.
const ROUNDS = 7;
const keyers: Record<'string' | 'auto', Keyer> = {
  string: createKeyer(spec, 'string'),
  auto: createKeyer(spec, 'auto'),
};
const rates: Record<'string' | 'auto', number[]> = { string: [], auto: [] };
for (const path of ['string', 'auto'] as const) measure(keyers[path], input.data, bounds, 8 * MIB); // JIT warm-up
for (let round = 0; round < ROUNDS; round++) {
  for (const path of ['string', 'auto'] as const) {
    // The string path is slower; give it a smaller share so a run stays in the tens of seconds.
    const share = path === 'string' ? targetBytes / ROUNDS / 4 : targetBytes / ROUNDS;
    rates[path].push(measure(keyers[path], input.data, bounds, share));
  }
}
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const slow = median(rates.string);
const fast = median(rates.auto);
const units = bounds.length / 2;
console.log(`input: ${input.name}, ${(input.data.length / MIB).toFixed(1)} MiB, ${units} lines; key ${spec.version}`);
console.log(
  `string path units: ${bailedUnits} of ${units} (${((100 * bailedBytes) / input.data.length).toFixed(2)}% of bytes)`,
);
console.log(`string path only: ${slow.toFixed(0)} MiB/s (median of ${ROUNDS} rounds)`);
console.log(`fast path (with fallback): ${fast.toFixed(0)} MiB/s (median of ${ROUNDS} rounds)`);
console.log(`ratio fast/string: ${(fast / slow).toFixed(1)}x`);
