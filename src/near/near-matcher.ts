// Decides whether a unit that exact comparison keeps is a near duplicate of an earlier kept one:
// the signature of its key, LSH candidates, a gate on the signature estimate and the lengths that
// discards most of them, the verification of the rest (candidate-verifier.ts), then near copy or
// template. Pure: how text is recalled, folded and fingerprinted, and the DF table, are handed in.
import { createCandidateGate } from './candidate-gate.js';
import { createCandidateVerifier, type Ranked } from './candidate-verifier.js';
import { createNearIndex, type NearIndexShape } from './near-index.js';
import { hasChars } from './shingles.js';
import { writeKeySignature } from './signature.js';
import { diffWords, splitWords, type WordDiff } from './word-diff.js';
import { differsOnlyInSlots } from './template-rule.js';
import { createNearStore } from './near-store.js';
import type { DfTable } from './df-table.js';
import type { NearScoreName, PairScore } from './near-score.js';
import type { EarlierPlace, NearArchive } from './archive-candidates.js';

export interface NearConfig {
  /** Which score verifies a candidate: near/3's mix, or near/1's 5-gram Jaccard. */
  readonly score: NearScoreName;
  /** The score's threshold (the mix, or the Jaccard) at or above which a paragraph is a near duplicate. */
  readonly threshold: number;
  /**
   * Document frequencies for the mix's weights (unused by the Jaccard score), asked for on the
   * first verification only: a run that never verifies a candidate never loads the table.
   */
  readonly df: () => DfTable;
  /** Keys shorter than this many characters are compared exactly only. */
  readonly minChars: number;
  /** Remove templated variants too (they are kept by default). */
  readonly removeTemplates: boolean;
  readonly shape: NearIndexShape;
}

/** Where a unit was read: enough to read its text again. */
export interface NearPlace {
  source: number;
  line: number;
  offset: number;
  length: number;
}

export interface NearText {
  /** True when units of this source can be read again later (a file left as it is). */
  rereadable(source: number): boolean;
  /** The unit's key input (its text without line ends, lines joined by LF), read again; undefined if it cannot be. */
  reread(place: NearPlace): Uint8Array | undefined;
  /** The comparison key of some text, as bytes (a copy). */
  key(text: Uint8Array): Uint8Array;
  /** A 32-bit hash of key bytes, to notice text that changed since it was read. */
  keyHash(key: Uint8Array, length: number): number;
  /**
   * The share (0-1) of this matcher's input that lies before the place, when the input's size is
   * known: lets the index size its tables for the paragraphs still to come.
   */
  share?(place: NearPlace): number | undefined;
}

export interface NearMatch {
  readonly kind: 'near' | 'template';
  readonly source: number;
  readonly line: number;
  /** The score's similarity: the mix (near/3) or the Jaccard (near/1). */
  readonly similarity: number;
  /** The score's parts, to explain the verdict. */
  readonly score: PairScore;
  readonly words: WordDiff;
  /** Removed (near, or template when templates are removed) or kept (a template by default). */
  readonly remove: boolean;
  /** Set when the kept copy is a paragraph an earlier run kept (an index's near record). */
  readonly earlier?: EarlierPlace | undefined;
}

/**
 * A unit's signature worked out elsewhere (a worker thread, for a key of at least minChars
 * characters): `length` values at signatures[at]. Its key is folded here only if it is needed
 * (a candidate to verify, an index to feed): key() returns it.
 */
export interface SignedQuery {
  readonly signatures: Uint8Array;
  readonly at: number;
  key(): Uint8Array;
}

export interface NearMatcher {
  /**
   * A unit exact comparison keeps: its key input (text), its key, and where it was read. Returns
   * the verified match, or undefined; every unit that stays kept joins the index. `keyHash` is
   * text.keyHash of the key when the caller has computed it already. With `signed`, key and
   * keyLength are unused (keyLength -1). The place is read during the call only: the caller may reuse it.
   */
  check(
    text: Uint8Array,
    textStart: number,
    textEnd: number,
    key: Uint8Array,
    keyLength: number,
    place: NearPlace,
    keyHash?: number,
    signed?: SignedQuery,
  ): NearMatch | undefined;
  /** What a signature worked out elsewhere must be: its values, and the least key it is made for. */
  readonly signing: { readonly length: number; readonly minChars: number };
  /** Kept long paragraphs indexed, and the index's bytes (signatures, bands, places). */
  readonly size: number;
  readonly bytes: number;
}

// The fifth variant of one kept paragraph is a template, whatever its words.
const TEMPLATE_VARIANTS = 5;
// How often (in kept paragraphs) the index's final size is projected from the share read so far,
// and the least share that makes the projection worth trusting.
const PROJECT_EVERY = 4096;
const PROJECT_FROM_SHARE = 0.01;

export function createNearMatcher(config: NearConfig, given: NearText, archive?: NearArchive): NearMatcher {
  const index = createNearIndex(config.shape);
  const store = createNearStore();
  // Paragraphs earlier runs kept are entries like this run's, placed before them.
  const text = archive ? archive.wrap(given) : given;
  if (archive && archive.size > 0) {
    index.expect(archive.size);
    archive.preload((sig, keyHash, place) => store.add(index.append(sig, place.length), place, keyHash, undefined));
    index.settle();
  }
  const length = config.shape.length;
  const signature = new Uint8Array(length);
  const mins = new Int32Array(length);
  let candidates: Uint32Array = new Uint32Array(64);
  const decoder = new TextDecoder();
  const foldWord = (word: string): string => decoder.decode(text.key(new TextEncoder().encode(word)));
  const verifier = createCandidateVerifier(config, text, store);
  const worthVerifying = createCandidateGate(config.score, config.threshold, index.extra, (entry) =>
    index.estimate(entry, signature),
  );

  return {
    get size() {
      return index.size;
    },
    get bytes() {
      return index.bytes + store.bytes;
    },
    signing: { length, minChars: config.minChars },
    check(src, textStart, textEnd, givenKey, givenKeyLength, place, knownKeyHash, signed) {
      let key = givenKey;
      let keyLength = givenKeyLength;
      if (signed) {
        for (let i = 0; i < length; i++) signature[i] = signed.signatures[signed.at + i];
      } else {
        if (!hasChars(key, keyLength, config.minChars)) return undefined;
        writeKeySignature(key, keyLength, signature, mins);
      }
      // The key is folded here only when something reads it (see SignedQuery).
      const keyAtHand = (): void => {
        if (keyLength >= 0) return;
        key = signed!.key();
        keyLength = key.length;
      };
      const keyHash = knownKeyHash ?? (keyAtHand(), text.keyHash(key, keyLength));
      candidates = index.candidates(signature, candidates);
      // Most candidates of a large input are unrelated paragraphs that share one band by chance:
      // the list is made, and the query's side of the score, only when one is worth verifying.
      let ranked: Ranked[] | undefined;
      for (let k = 0; k < index.found; k++) {
        const entry = candidates[k];
        const estimate = worthVerifying(textEnd - textStart, entry);
        if (estimate >= 0) (ranked ??= []).push({ entry, estimate });
      }
      let found: ReturnType<typeof verifier.best>;
      if (ranked !== undefined) {
        keyAtHand();
        verifier.query(key, keyLength);
        found = verifier.best(ranked);
      }
      if (archive) keyAtHand();
      if (found === undefined) {
        add(src, textStart, textEnd, keyHash, place, key, keyLength);
        return undefined;
      }
      const { entry: best, similarity, score } = found;
      const keptPlace = store.place(best);
      const keptText = store.copyOf(best) ?? text.reread(keptPlace)!;
      const words = diffWords(
        splitWords(decoder.decode(keptText)),
        splitWords(decoder.decode(src.subarray(textStart, textEnd))),
        foldWord,
      );
      const variants = store.addVariant(best);
      // The slot veto says another occasion; the template rule (slots only, or the fifth variant) stays on top.
      const template = !score.accepted || score.veto || variants >= TEMPLATE_VARIANTS || differsOnlyInSlots(words);
      const remove = !template || config.removeTemplates;
      if (!remove) add(src, textStart, textEnd, keyHash, place, key, keyLength);
      return {
        kind: template ? 'template' : 'near',
        source: keptPlace.source,
        line: keptPlace.line,
        similarity,
        score,
        words,
        remove,
        earlier: archive?.earlier(keptPlace),
      };
    },
  };

  function add(
    src: Uint8Array,
    start: number,
    end: number,
    keyHash: number,
    place: NearPlace,
    key: Uint8Array,
    keyLength: number,
  ): void {
    // The index keeps the byte length the store records (the copy's, or the place's) beside the
    // signature: the candidate filter reads it with the estimate.
    const rereadable = text.rereadable(place.source);
    const entry = index.add(signature, rereadable ? place.length : end - start);
    if ((entry + 1) % PROJECT_EVERY === 0 && text.share) {
      // Growing by doubling rebuilds every table about log2(n) times; growing once to the size
      // the input's remaining bytes suggest skips most of that work.
      const share = text.share(place);
      if (share !== undefined && share >= PROJECT_FROM_SHARE) index.expect(Math.ceil((entry + 1) / share));
    }
    store.add(entry, place, keyHash, rereadable ? undefined : src.subarray(start, end));
    archive?.kept(signature, keyHash, key, keyLength, place);
  }
}
