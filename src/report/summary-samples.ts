// The summary's table of most repeated units: each repeated key's kept copy with the start of its
// own text, gathered from the units the run removes and keeps as they pass (the judge keeps no
// texts); the judge adds only the counts. A kept copy that passed before anyone knew it would be
// repeated (keep first, no copy with its exact bytes) is read again from its input at the end.
import type { UnitPlace } from '../engine/decider.js';
import type { RouterWatch } from '../engine/unit-router.js';
import { keyInputOf } from '../split/key-input.js';
import type { RunContext, UnitRequest } from './report.js';

/** Bytes of a repeated unit's text kept for the summary. */
export const SAMPLE_BYTES = 400;
/** Repeated keys sampled at most (later ones are not ranked): the memory stays bounded. */
const SAMPLE_LIMIT = 100_000;

export interface RepeatedRow {
  readonly copies: number;
  readonly first: UnitPlace;
  readonly kept: UnitPlace;
  /** The start of the kept copy's text, unless `at` says whose it is. */
  readonly text: Uint8Array;
  /** Set when the kept copy's own text could not be had: the text is this copy's. */
  readonly at?: { readonly source: number; readonly line: number };
}

export interface SummarySamples {
  /** What to watch in one source. */
  watch(source: number): RouterWatch;
  /** The most repeated keys sampled, most copies first, each with its kept copy's text if it can be had. */
  rows(limit: number, context: RunContext): Promise<RepeatedRow[]>;
}

interface Sample {
  readonly fingerprint: Uint32Array;
  text: Uint8Array;
  at: { source: number; line: number } | undefined;
  /** The next sample whose fingerprint starts with the same bits. */
  next: Sample | undefined;
}

const placeKey = (source: number, line: number): number => source * 0x1_0000_0000 + line;
// Every removed unit is looked up: a small-integer key and a chain are much cheaper than a string.
const bucketOf = (fp: Uint32Array): number => fp[0] & 0x3fffffff;
const same = (a: Uint32Array, b: Uint32Array): boolean =>
  a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];

/** perSource: each input has a seen-set of its own (--scope file), so the samples start over. */
export function createSummarySamples(perSource: boolean): SummarySamples {
  let byKey = new Map<number, Sample>();
  // Keep last: the kept copy comes after the removed ones, which name its place.
  let awaited = new Map<number, Sample>();
  let taken = 0;
  return {
    watch(source) {
      if (perSource) {
        byKey = new Map();
        awaited = new Map();
      }
      return {
        removed(unit) {
          const d = unit.detail;
          if (d.near) return; // a near copy has a key of its own, not yet repeated
          const bucket = bucketOf(d.fingerprint);
          let sample = byKey.get(bucket);
          while (sample && !same(sample.fingerprint, d.fingerprint)) sample = sample.next;
          // The kept copy's text is wanted; a copy with its exact bytes gives it. Until one comes,
          // another spelling stands in and says where it is from.
          if (!sample) {
            if (taken >= SAMPLE_LIMIT) return;
            taken++;
            sample = {
              fingerprint: d.fingerprint,
              text: keyInputOf(unit.bytes, SAMPLE_BYTES),
              at: d.identical ? undefined : { source, line: unit.line },
              next: byKey.get(bucket),
            };
            byKey.set(bucket, sample);
          } else if (sample.at && d.identical) {
            sample.text = keyInputOf(unit.bytes, SAMPLE_BYTES);
            sample.at = undefined;
          }
          const kept = d.kept;
          if (kept.kind === 'source' && (kept.source > source || (kept.source === source && kept.line > unit.line))) {
            awaited.set(placeKey(kept.source, kept.line), sample);
          }
        },
        kept(buf, start, end, line) {
          if (awaited.size === 0) return;
          const sample = awaited.get(placeKey(source, line));
          if (!sample) return;
          awaited.delete(placeKey(source, line));
          sample.text = keyInputOf(buf.subarray(start, end), SAMPLE_BYTES);
          sample.at = undefined;
        },
      };
    },
    async rows(limit, context) {
      const found: (RepeatedRow & { sample: Sample })[] = [];
      for (const chain of byKey.values()) {
        for (let sample: Sample | undefined = chain; sample; sample = sample.next) {
          const repeat = context.repeatOf(sample.fingerprint);
          if (repeat) found.push({ ...repeat, text: sample.text, at: sample.at, sample });
        }
      }
      const order = (p: UnitPlace): [number, number] => (p.kind === 'source' ? [p.source, p.line] : [Infinity, 0]);
      found.sort((a, b) => {
        const [as, al] = order(a.first);
        const [bs, bl] = order(b.first);
        return b.copies - a.copies || as - bs || al - bl;
      });
      const top = found.slice(0, limit);
      const wanted = top.flatMap((row) =>
        row.at && row.kept.kind === 'source'
          ? [{ row, request: { source: row.kept.source, line: row.kept.line, fingerprint: row.sample.fingerprint } }]
          : [],
      );
      const read =
        wanted.length > 0
          ? await context.readAgain(
              wanted.map((w) => w.request),
              SAMPLE_BYTES,
            )
          : new Map<UnitRequest, Uint8Array>();
      const again = new Map(
        wanted.flatMap((w) => {
          const text = read.get(w.request);
          return text ? [[w.row, text] as const] : [];
        }),
      );
      return top.map(({ sample: _sample, ...row }, i) => {
        const text = again.get(top[i]);
        return text ? { ...row, text, at: undefined } : row;
      });
    },
  };
}
