// Guesses an encoding that has no BOM to name it, from a file's first bytes: UTF-16 from the
// pattern of its high bytes (NUL for ASCII and Latin text, 0x06 for Arabic), windows-1256 from
// bytes that are not UTF-8 but read as Arabic words. Each guess must be confident: a wrong one
// would compare text under the wrong key, so anything unclear stays with the caller's default.

/**
 * BOM-less UTF-16: at least 2 code units, no U+0000, almost no controls, and nine units in ten
 * from the blocks text of this corpus lives in (Latin, Arabic, punctuation, presentation forms).
 */
export function guessUtf16(head: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const units = Math.floor(head.length / 2);
  if (units < 2) return undefined;
  // The high byte of each unit sits at odd offsets in LE, at even ones in BE: pick the side
  // where NUL and 0x06 gather, then check the whole reading.
  let oddHigh = 0;
  let evenHigh = 0;
  for (let i = 0; i + 1 < head.length; i += 2) {
    if (head[i] === 0 || head[i] === 6) evenHigh++;
    if (head[i + 1] === 0 || head[i + 1] === 6) oddHigh++;
  }
  const littleEndian = oddHigh >= evenHigh;
  let common = 0;
  let controls = 0;
  let lowNul = 0;
  for (let i = 0; i + 1 < head.length; i += 2) {
    const hi = littleEndian ? head[i + 1] : head[i];
    const lo = littleEndian ? head[i] : head[i + 1];
    if (hi === 0 && lo === 0) return undefined;
    if (lo === 0) lowNul++;
    if (hi === 0 && lo < 0x20 && lo !== 9 && lo !== 10 && lo !== 12 && lo !== 13) controls++;
    if (hi === 0x00 || hi === 0x06 || hi === 0x20 || (hi >= 0xfb && hi <= 0xfe)) common++;
  }
  if (common < 0.9 * units || controls > units / 100 || lowNul > units / 100) return undefined;
  return littleEndian ? 'utf-16le' : 'utf-16be';
}

// Made when first needed: opening ICU's converter costs a start-up whose input is UTF-8 a few ms.
let decoder1256: InstanceType<typeof TextDecoder> | undefined;

/**
 * windows-1256: the bytes are not UTF-8 (fewer than half of the non-ASCII bytes form UTF-8
 * sequences), there are no stray control bytes, nine non-ASCII characters in ten are Arabic
 * letters and marks not glued to an ASCII letter, or punctuation, and at least four letters stand
 * in words of two or more, of which at least 15% are among لمنهوىي (over 26% in every article of
 * a 10,000-article news corpus). Western text in Latin-1 fails (its accented letters sit inside
 * ASCII words, and several read as Latin letters in 1256), as do Hebrew or Cyrillic code pages
 * (KOI8-R's lower case reads as Arabic letters, but not as those frequent ones) and random bytes.
 */
export function looksWindows1256(head: Uint8Array): boolean {
  let nonAscii = 0;
  let controls = 0;
  for (let i = 0; i < head.length; i++) {
    const b = head[i];
    if (b >= 0x80) nonAscii++;
    else if ((b < 0x20 && b !== 9 && b !== 10 && b !== 12 && b !== 13) || b === 0x7f) controls++;
  }
  if (nonAscii === 0 || controls > head.length / 1000) return false;
  if (utf8SequenceBytes(head) * 2 >= nonAscii) return false;

  let good = 0; // non-ASCII characters that belong in Arabic text
  let wordLetters = 0; // Arabic letters in words of two letters or more: the evidence
  let frequent = 0; // letters of those words among لمنهوىي (a third of Arabic text's letters)
  let letters = 0; // letters of the current run of Arabic letters and marks
  let runFrequent = 0;
  let runMarks = 0;
  let touchesLatin = false; // the run is glued to an ASCII letter: an accented Western word
  let previous = 0;
  const endRun = (next: number): void => {
    // A run glued to no ASCII letter is Arabic: a word, a one-letter word, a line of tatweel.
    if (!touchesLatin && !isAsciiLetter(next)) {
      if (letters >= 2) {
        wordLetters += letters;
        frequent += runFrequent;
      }
      good += letters + runMarks;
    }
    letters = 0;
    runFrequent = 0;
    runMarks = 0;
    touchesLatin = false;
  };
  for (const ch of (decoder1256 ??= new TextDecoder('windows-1256')).decode(head)) {
    const cp = ch.codePointAt(0)!;
    if (isArabicLetter(cp) || isArabicMark(cp)) {
      if (letters === 0 && runMarks === 0) touchesLatin = isAsciiLetter(previous);
      if (isArabicLetter(cp)) letters++;
      else runMarks++;
      if (cp >= 0x0644 && cp <= 0x064a) runFrequent++;
    } else {
      endRun(cp);
      if (cp >= 0x80 && isTextPunctuation(cp)) good++;
    }
    previous = cp;
  }
  endRun(0);
  return wordLetters >= 4 && good >= 0.9 * nonAscii && frequent >= 0.15 * wordLetters;
}

function isAsciiLetter(cp: number): boolean {
  return (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
}

// Arabic letters, with the Persian and Urdu ones windows-1256 also holds (پ چ ژ گ ک ے ...).
function isArabicLetter(cp: number): boolean {
  return (cp >= 0x0621 && cp <= 0x063a) || (cp >= 0x0641 && cp <= 0x064a) || (cp >= 0x0671 && cp <= 0x06d3);
}

// Tatweel, harakat and the zero-width joiners: parts of a word, never a word alone.
function isArabicMark(cp: number): boolean {
  return cp === 0x0640 || (cp >= 0x064b && cp <= 0x0652) || cp === 0x200c || cp === 0x200d;
}

const PUNCTUATION = new Set([
  0x060c, 0x061b, 0x061f, 0x00a0, 0x00ab, 0x00bb, 0x00ad, 0x00d7, 0x00f7, 0x00b0, 0x200e, 0x200f, 0x2013, 0x2014,
  0x2018, 0x2019, 0x201a, 0x201c, 0x201d, 0x201e, 0x2022, 0x2026,
]);

function isTextPunctuation(cp: number): boolean {
  return PUNCTUATION.has(cp);
}

// Non-ASCII bytes that form well-shaped UTF-8 sequences: many of them mean UTF-8 text with a few
// stray bytes, which stays UTF-8.
function utf8SequenceBytes(bytes: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
    let ok = need > 0 && i + need < bytes.length;
    for (let k = 1; ok && k <= need; k++) ok = (bytes[i + k] & 0xc0) === 0x80;
    if (ok) {
      count += need + 1;
      i += need + 1;
    } else i++;
  }
  return count;
}
