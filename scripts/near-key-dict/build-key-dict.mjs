// Builds data/near-key-dict.bin, the preset dictionary the index compresses near keys with
// (src/near/key-codec.ts), from the ANT corpus (JawharaFM, Apache-2.0): the words of the standard
// keys of every other file (sorted order), ranked by count x length, most frequent last (nearest
// to the data, so the cheapest to refer to), transcoded, up to deflate's 32 KiB window. It then
// measures the average compressed key on the files it did not read (keys of 80 characters or more).
// node scripts/near-key-dict/build-key-dict.mjs [../shared/corpus/ant-v1.1-jawharafm] [data/near-key-dict.bin]  (after npx tsc)
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { foldString, resolveKeySpec } from '../../dist/src/key/index.js';
import { createKeyCodec, transcodeKey } from '../../dist/src/near/key-codec.js';

const root = process.argv[2] ?? '/work/shared/corpus/ant-v1.1-jawharafm';
const out = process.argv[3] ?? 'data/near-key-dict.bin';
const WINDOW = 32 * 1024;
const MIN_CHARS = 80;

const spec = resolveKeySpec('standard').spec;
const enc = new TextEncoder();
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.txt')) files.push(p);
  }
};
walk(root);
const train = [],
  held = [];
files.forEach((p, i) => {
  for (const line of readFileSync(p, 'utf8').split('\n')) {
    const key = foldString(spec, line);
    if ([...key].length >= MIN_CHARS) (i % 2 === 0 ? train : held).push(key);
  }
});
const counts = new Map();
for (const key of train) for (const w of key.split(/\s+/)) if (w) counts.set(w, (counts.get(w) ?? 0) + 1);
const cost = (w) => transcodeKey(enc.encode(` ${w}`)).length;
const ranked = [...counts]
  .filter(([, n]) => n >= 4)
  .sort((a, b) => b[1] * cost(b[0]) - a[1] * cost(a[0]) || (a[0] < b[0] ? -1 : 1));
const chosen = [];
let bytes = 0;
for (const [w] of ranked) {
  if (bytes + cost(w) > WINDOW) break;
  chosen.push(` ${w}`);
  bytes += cost(w);
}
const dictionary = transcodeKey(enc.encode(chosen.reverse().join('')));
writeFileSync(out, dictionary);
const codec = createKeyCodec(dictionary);
let raw = 0,
  packed = 0,
  plain = 0;
for (const key of held) {
  const b = enc.encode(key);
  raw += b.length;
  const c = codec.compress(b);
  packed += c.length;
  plain += deflateRawSync(b, { level: 9 }).length;
  if (Buffer.compare(Buffer.from(codec.decompress(c)), Buffer.from(b)) !== 0) throw new Error('round trip failed');
}
console.log(
  `${out}: ${dictionary.length} bytes, ${chosen.length} words (id ${codec.id}); held-out keys: ${held.length}, ` +
    `average ${(raw / held.length).toFixed(1)} B of UTF-8 -> ${(packed / held.length).toFixed(1)} B compressed (plain deflate-raw: ${(plain / held.length).toFixed(1)} B)`,
);
