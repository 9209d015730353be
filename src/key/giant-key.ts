// The key of a giant unit, folded in pieces so that no JS string (and no key buffer) as long as
// the unit is ever made: pieces are cut right after an ASCII space or LF, each is folded alone
// and handed on in order. It must give the very bytes the whole-unit fold gives: that is why it
// cuts only where no step looks across (see below), and it never decides what the pieces mean.

/** Units longer than this (key input bytes) are folded in pieces; shorter ones in one go. */
export const GIANT_UNIT = 1024 * 1024;

/** The size a piece is cut at (then extended to the next space or LF). */
export const GIANT_PIECE = 64 * 1024;

const SPACE = 0x20;
const LF = 0x0a;

/** Receives the key in order, a range at a time; the range is valid only during the call. */
export type KeyPieces = (bytes: Uint8Array, start: number, end: number) => void;

/** Folds src[start, end) alone and returns where its key lies. */
export type PieceFold = (src: Uint8Array, start: number, end: number) => { bytes: Uint8Array; length: number };

/**
 * Hands the key of src[start, end) to `each` in pieces. `collapses` says the key collapses and trims
 * whitespace: then each piece's key is trimmed on its own and the pieces are joined by one space.
 *
 * Why a cut after a space or LF is safe: both are NFKC starters that compose with nothing on either
 * side, every step keeps them, case mapping of a letter never looks past one (final sigma is picked
 * per character here), and with whitespace collapsing each piece's key ends where a gap begins, so
 * the words of the whole are the pieces' words in order, one space between. Without collapsing the
 * pieces' keys simply follow each other. `pieceSize` is for tests; cuts then come far more often.
 */
export function foldInPieces(
  fold: PieceFold,
  collapses: boolean,
  src: Uint8Array,
  start: number,
  end: number,
  each: KeyPieces,
  pieceSize = GIANT_PIECE,
): void {
  let wroteAny = false;
  let at = start;
  while (at < end) {
    const cut = cutAfter(src, at + pieceSize, end);
    const key = fold(src, at, cut);
    at = cut;
    if (key.length === 0) continue;
    if (collapses && wroteAny) each(SPACE_BYTE, 0, 1);
    each(key.bytes, 0, key.length);
    wroteAny = true;
  }
}

const SPACE_BYTE = Uint8Array.of(SPACE);

// The end of the piece that reaches at least `from`: just past the first space or LF at or after
// it, or the unit's end.
function cutAfter(src: Uint8Array, from: number, end: number): number {
  // A byte loop, not indexOf: indexOf of a byte that never comes would scan to the unit's end per piece.
  for (let i = from; i < end; i++) {
    const b = src[i];
    if (b === SPACE || b === LF) return i + 1;
  }
  return end;
}
