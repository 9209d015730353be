// What the review page gathers while the run goes: each file's counts, the removed units of the
// files with most removals (with their kept neighbours), the near pairs, the kinds of match and
// the problems. Every list has a cap defined here, and what a cap leaves out is counted, so the
// page can say so. It only records; rendering is elsewhere.
import type { DuplicateDetail, KeptPlace } from '../engine/decider.js';
import type { RemovedUnit, RouterWatch } from '../engine/unit-router.js';
import type { NearMatch } from '../near/near-matcher.js';
import { keyInputOf } from '../split/key-input.js';
import { createRepeatTally, type RepeatTally } from './html-repeats.js';

/** The per-section caps of the page (besides --top): together they bound its size. */
export const HTML_CAPS = {
  /** Files given a section of their own (those with most removals). */
  fileSections: 300,
  /** Removed units shown in one file's section. */
  unitsPerFile: 25,
  /** Near pairs shown side by side (the first ones met). */
  nearPairs: 150,
  /** Bytes of a removed unit's text shown in its file's section. */
  unitBytes: 1500,
  /** Bytes of a kept neighbour's text shown. */
  contextBytes: 400,
  /** Bytes of each copy of a near pair (enough to align most paragraphs whole). */
  nearTextBytes: 8192,
  /** Rendered bytes of all file sections, and of all near pairs: the page's hard bound. */
  fileSectionBytes: 4_000_000,
  nearSectionBytes: 2_000_000,
  /** Problems (errors, warnings) listed. */
  problems: 100,
} as const;

/** Text of a unit (its key input) cut at max bytes, saying whether it was. */
export interface Clipped {
  readonly text: Uint8Array;
  readonly cut: boolean;
}

export function clipUnit(unit: Uint8Array, max: number): Clipped {
  const text = keyInputOf(unit, max + 1);
  return { text: text.subarray(0, max), cut: text.length > max };
}

export type MatchKind = 'exact' | 'near' | 'template' | 'earlier-run';
export const MATCH_KINDS: readonly MatchKind[] = ['exact', 'near', 'template', 'earlier-run'];

export function matchKind(d: Readonly<Pick<DuplicateDetail, 'near' | 'first' | 'kept'>>): MatchKind {
  if (d.near) return d.near.kind;
  return d.first.kind === 'earlier-run' || d.kept.kind === 'earlier-run' ? 'earlier-run' : 'exact';
}

export type FileRow =
  | { readonly kind: 'kept'; readonly line: number; readonly text: Clipped }
  | {
      readonly kind: 'removed';
      readonly line: number;
      readonly endLine: number;
      readonly text: Clipped;
      readonly match: MatchKind;
      readonly kept: KeptPlace;
      /** Its near pair's number, when it has one. */
      readonly pair?: number;
    };

export interface FileStat {
  readonly source: number;
  readonly label: string;
  readonly units: number;
  readonly duplicates: number;
}

export interface FileDetail extends FileStat {
  /** Removed units and their kept neighbours, in line order. */
  readonly rows: readonly FileRow[];
  readonly shown: number;
}

export interface NearPair {
  readonly source: number;
  readonly line: number;
  /** The removed copy's key input (lines joined by LF), cut at nearTextBytes. */
  readonly text: Clipped;
  readonly match: NearMatch;
}

export interface Collected {
  /** Files with at least one removal, in run order. */
  readonly changed: FileStat[];
  /** Files read with units, by duplicate rate: index 0 is 0 %, index k (1-10) is ((k-1)*10 %, k*10 %]. */
  readonly rateBins: number[];
  readonly details: FileDetail[];
  readonly kinds: Record<MatchKind, number>;
  readonly near: NearPair[];
  readonly problems: { label: string; message: string; severity: 'error' | 'warning' }[];
  problemsTotal: number;
  readonly repeats: RepeatTally;
}

export interface Collector {
  readonly data: Collected;
  watch(source: number): RouterWatch;
  end(stat: FileStat): void;
}

export function createCollector(perSource: boolean): Collector {
  const data: Collected = {
    changed: [],
    rateBins: new Array<number>(11).fill(0),
    details: [],
    kinds: { exact: 0, near: 0, template: 0, 'earlier-run': 0 },
    near: [],
    problems: [],
    problemsTotal: 0,
    repeats: createRepeatTally(perSource),
  };
  let rows = new Map<number, FileRow>();
  let shown = 0;
  return {
    data,
    watch(source) {
      rows = new Map();
      shown = 0;
      // The last kept unit, copied into one reused buffer: the neighbour before the next removal.
      const last = new Uint8Array(HTML_CAPS.contextBytes + 2);
      let lastLength = 0;
      let lastLine = 0;
      let awaiting = false; // a removal waits for the kept unit after it
      const keepRow = (line: number, text: Uint8Array): void => {
        if (!rows.has(line)) rows.set(line, { kind: 'kept', line, text: clipUnit(text, HTML_CAPS.contextBytes) });
      };
      return {
        kept(buf, start, end, line) {
          lastLength = Math.min(end - start, last.length);
          last.set(buf.subarray(start, start + lastLength));
          lastLine = line;
          if (awaiting) keepRow(line, last.subarray(0, lastLength));
          awaiting = false;
        },
        removed(unit: RemovedUnit) {
          const d = unit.detail;
          const match = matchKind(d);
          data.kinds[match]++;
          data.repeats.add(source, unit);
          const pair = d.near && data.near.length < HTML_CAPS.nearPairs ? data.near.length : undefined;
          if (d.near && pair !== undefined) {
            data.near.push({
              source,
              line: unit.line,
              text: clipUnit(unit.bytes, HTML_CAPS.nearTextBytes),
              match: d.near,
            });
          }
          if (shown >= HTML_CAPS.unitsPerFile) return;
          shown++;
          // In paragraph mode a removal may be told after the kept unit that follows it.
          if (lastLine > 0) keepRow(lastLine, last.subarray(0, lastLength));
          awaiting = lastLine < unit.line;
          rows.set(unit.line, {
            kind: 'removed',
            line: unit.line,
            endLine: unit.endLine,
            text: clipUnit(unit.bytes, HTML_CAPS.unitBytes),
            match,
            kept: d.kept,
            pair,
          });
        },
      };
    },
    end(stat) {
      if (stat.units > 0)
        data.rateBins[stat.duplicates === 0 ? 0 : Math.min(10, Math.ceil((stat.duplicates / stat.units) * 10))]++;
      if (stat.duplicates === 0) return;
      data.changed.push(stat);
      const detail: FileDetail = { ...stat, rows: [...rows.values()].sort((a, b) => a.line - b.line), shown };
      rows = new Map();
      if (data.details.length < HTML_CAPS.fileSections) {
        data.details.push(detail);
        return;
      }
      // Over the cap the file with fewest removals gives way (the earlier one on a tie).
      let least = 0;
      for (let i = 1; i < data.details.length; i++)
        if (data.details[i].duplicates < data.details[least].duplicates) least = i;
      if (data.details[least].duplicates < stat.duplicates) data.details.splice(least, 1, detail);
    },
  };
}
