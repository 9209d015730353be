// Arabic-like text for the benchmark corpus: a seeded vocabulary, lines of realistic length, and
// spelling variants (alef forms, alef maksura, tatweel, harakat) that the default key folds away.
// Every unit is a pure function of (seed, serial, version), so repeats are regenerated, not stored.
import { rngFor, type Rng } from './prng.js';

/** A growable byte buffer that one unit is written into before it goes to the files. */
export interface Scratch {
  bytes: Uint8Array;
  length: number;
}

export interface UnitShape {
  /** Target byte length of each line, drawn between these (skewed towards the short end). */
  readonly minBytes: number;
  readonly maxBytes: number;
  /** Lines per unit: 1 for line mode; a range for paragraphs. */
  readonly minLines: number;
  readonly maxLines: number;
}

export interface TextModel {
  /**
   * Writes unit `serial` in spelling `version` (0 = plain; 1..MAX_VERSIONS-1 = variants) into
   * scratch, lines ended by LF. Distinct serials differ under any key that keeps letters; the
   * versions of one serial differ byte for byte but fold to the same default key.
   */
  writeUnit(out: Scratch, serial: number, version: number, shape: UnitShape): void;
}

/** Plain spelling plus one variant per haraka U+064B..U+0652 (the signature that keeps variants apart). */
export const MAX_VERSIONS = 9;

const ALEF = 0x0627;
const ALEF_FORMS = [0x0623, 0x0625, 0x0622]; // أ إ آ
const YEH = 0x064a;
const ALEF_MAKSURA = 0x0649; // ى
const TATWEEL = 0x0640;
const FATHATAN = 0x064b; // first of the eight harakat U+064B..U+0652
const SPACE = 0x20;
const LF = 0x0a;
const ARABIC_COMMA = 0x060c;

// Serial words use letters no key profile folds and that no variant edit touches, so the serial
// (always the first word) alone makes distinct units distinct.
const SERIAL_LETTERS = [...'بتثجحخدذرزسشصضطظعغفقكلمن'].map((c) => c.codePointAt(0)!);
// Vocabulary letters, weighted roughly like Arabic text; never ة ى أ إ آ ء ؤ ئ, so the plain
// spelling is already the folded one and variants are the only thing the key has to undo.
const WORD_LETTERS = [...'ااااللللممميييوووننتتتررههببععسسففككددققحجخذزشصضطظغث'].map((c) => c.codePointAt(0)!);
const VOCABULARY_SIZE = 4096;

export function createTextModel(seed: number): TextModel {
  const vocabulary = buildVocabulary(seed);
  const word = new Uint16Array(64);

  const ensure = (out: Scratch, extra: number): void => {
    if (out.length + extra <= out.bytes.length) return;
    const bigger = new Uint8Array(Math.max(out.length + extra, out.bytes.length * 2));
    bigger.set(out.bytes.subarray(0, out.length));
    out.bytes = bigger;
  };

  // All code points used are U+0600..U+06FF (two UTF-8 bytes) or ASCII.
  const put = (out: Scratch, cp: number): void => {
    if (cp < 0x80) {
      out.bytes[out.length++] = cp;
    } else {
      out.bytes[out.length++] = 0xc0 | (cp >> 6);
      out.bytes[out.length++] = 0x80 | (cp & 0x3f);
    }
  };

  const putSerial = (out: Scratch, serial: number, version: number): void => {
    // Fixed minimum of three letters, more only when needed: an injective numbering.
    let n = serial;
    let count = 0;
    do {
      word[count++] = SERIAL_LETTERS[n % SERIAL_LETTERS.length];
      n = Math.floor(n / SERIAL_LETTERS.length);
    } while (n > 0);
    while (count < 3) word[count++] = SERIAL_LETTERS[0];
    for (let i = count - 1; i >= 0; i--) {
      put(out, word[i]);
      if (i === count - 1 && version > 0) put(out, FATHATAN + version - 1);
    }
  };

  // A variant spelling of one vocabulary word: what people and keyboards actually do.
  const putWord = (out: Scratch, letters: Uint16Array, edits: Rng | undefined): void => {
    if (!edits) {
      for (let i = 0; i < letters.length; i++) put(out, letters[i]);
      return;
    }
    const last = letters.length - 1;
    const tatweelAfter = letters.length >= 3 && edits.chance(0.12) ? edits.below(last) : -1;
    for (let i = 0; i <= last; i++) {
      let cp = letters[i];
      if (cp === ALEF && edits.chance(0.35)) cp = ALEF_FORMS[edits.below(3)];
      else if (cp === YEH && i === last && edits.chance(0.5)) cp = ALEF_MAKSURA;
      put(out, cp);
      if (edits.chance(0.08)) put(out, FATHATAN + edits.below(8));
      if (i === tatweelAfter) {
        put(out, TATWEEL);
        if (edits.chance(0.3)) put(out, TATWEEL);
      }
    }
  };

  return {
    writeUnit(out, serial, version, shape) {
      const lineRng = rngFor(seed, serial, 0x100);
      const lines =
        shape.minLines === shape.maxLines ? shape.minLines : lineRng.between(shape.minLines, shape.maxLines);
      for (let l = 0; l < lines; l++) {
        const words = l === 0 ? lineRng : rngFor(seed, serial, 0x200 + l);
        const edits = version > 0 ? rngFor(seed, serial, 0x1000 + l * 16 + version) : undefined;
        const u = words.float();
        const target = shape.minBytes + Math.floor((shape.maxBytes - shape.minBytes) * u * u);
        ensure(out, target + 256);
        // The plain length decides when the line ends, so every spelling has the same words.
        let plain = 0;
        if (l === 0) {
          const before = out.length;
          putSerial(out, serial, 0);
          plain = out.length - before;
          if (version > 0) {
            out.length = before;
            putSerial(out, serial, version);
          }
        } else {
          const w = vocabulary[pickWord(words)];
          putWord(out, w, edits);
          plain = 2 * w.length;
        }
        while (plain < target) {
          ensure(out, 256);
          const w = vocabulary[pickWord(words)];
          put(out, SPACE);
          putWord(out, w, edits);
          plain += 1 + 2 * w.length;
          if (words.chance(0.06)) {
            put(out, ARABIC_COMMA);
            plain += 2;
          }
        }
        if (words.chance(0.6)) put(out, 0x2e); // a full stop ends most lines
        put(out, LF);
      }
    },
  };
}

// Zipf-like: a few very common words, a long tail.
function pickWord(rng: Rng): number {
  const u = rng.float();
  return Math.floor(VOCABULARY_SIZE * u * u * u);
}

function buildVocabulary(seed: number): Uint16Array[] {
  const rng = rngFor(seed, 0, 0x55);
  const words: Uint16Array[] = [];
  for (let w = 0; w < VOCABULARY_SIZE; w++) {
    const definite = rng.chance(0.3);
    const body = rng.between(2, 6);
    const letters = new Uint16Array(body + (definite ? 2 : 0));
    let i = 0;
    if (definite) {
      letters[i++] = ALEF;
      letters[i++] = 0x0644;
    }
    while (i < letters.length) letters[i++] = WORD_LETTERS[rng.below(WORD_LETTERS.length)];
    words.push(letters);
  }
  return words;
}
