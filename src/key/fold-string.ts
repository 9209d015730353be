// The string path: the reference key of a JS string, composed from the step functions in run
// order. It accepts anything (presentation forms, combining sequences, stray bytes escaped as
// lone surrogates); the byte fast path is derived from it and must agree with it exactly.
import type { KeySpec, StepName } from './key-spec.js';
import { STEPS, applyNfkc, collapseWhitespace, stripInvisibleMarks, stripTatweel } from './steps.js';

export type StringFold = (text: string) => string;

// Renormalizing after the steps settles in one round for the three profiles; a --no-fold mix
// can need a second (see below). The cap only guards against a string bouncing between forms.
const MAX_RENORMALIZE_ROUNDS = 4;

function compose(functions: readonly StringFold[]): StringFold {
  return (text) => {
    let folded = text;
    for (const fold of functions) folded = fold(folded);
    return folded;
  };
}

/**
 * Every enabled step except `whitespace`. The fast path's tables are this function applied to
 * single characters; whitespace is the one step that looks at neighbours, so it stays outside.
 */
export function createCharacterFold(spec: KeySpec): StringFold {
  const enabled = (name: StepName): boolean => spec.steps.includes(name);
  const perCharacter = compose(
    spec.steps.filter((name) => name !== 'nfkc' && name !== 'whitespace').map((name) => STEPS[name].apply),
  );
  if (!enabled('nfkc')) return perCharacter;

  // Tatweel and invisible marks are starters, so left in place they would stop NFKC from
  // composing و + ZWNJ + U+0654 into ؤ; deleting them first keeps "insert an invisible mark
  // anywhere" from changing the key. They are deleted again after NFKC, which can make tatweel.
  const removeBlockers = compose([
    ...(enabled('invisible') ? [stripInvisibleMarks] : []),
    ...(enabled('tatweel') ? [stripTatweel] : []),
  ]);
  return (text) => {
    let normalized = applyNfkc(removeBlockers(text));
    for (let round = 0; round < MAX_RENORMALIZE_ROUNDS; round++) {
      const folded = perCharacter(normalized);
      // A deletion can bring a base next to a combining mark (aggressive strips the comma of
      // "e,\u0301"), and case mapping can decompose (ΐ); renormalizing keeps key(key(x)) = key(x).
      // What composes may need a step that already ran (aggressive --no-fold diacritics turns
      // "ا,\u0654" into أ after the alef step), so the steps run again until nothing changes.
      const renormalized = applyNfkc(folded);
      if (renormalized === folded || renormalized === normalized) return renormalized;
      normalized = renormalized;
    }
    return normalized;
  };
}

/** The complete string path for a spec. */
export function createStringFold(spec: KeySpec): StringFold {
  const characterFold = createCharacterFold(spec);
  return spec.steps.includes('whitespace') ? (text) => collapseWhitespace(characterFold(text)) : characterFold;
}

/** Convenience for tests and `dedupe key` style tooling: the key of a string, as a string. */
export function foldString(spec: KeySpec, text: string): string {
  return createStringFold(spec)(text);
}
