// Turns raw measurements into the figures the issue asks for: medians, MiB/s, peak RSS, and
// ratios against mawk (throughput: >1 means faster than mawk) and cat (time: how far above the
// I/O floor). Renders them as Markdown tables, ready to paste into bench/README.md.
import type { Command, Measurement } from './measure.js';
import { commandLine } from './measure.js';

export interface Row {
  readonly label: string;
  readonly command: string;
  readonly runs: number;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly mibPerSec: number;
  /** Highest peak RSS over the runs, MiB. */
  readonly rssMiB: number | undefined;
  /** mawk's median time / this median: the throughput multiple over mawk. */
  readonly xMawk: number | undefined;
  /** This median / cat's median: how many times the I/O floor. */
  readonly xCat: number | undefined;
}

export interface Table {
  readonly caption: string;
  readonly rows: readonly Row[];
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** One row per command, in the commands' order; ratios are against this list's mawk and cat. */
export function summarize(commands: readonly Command[], runs: Map<string, Measurement[]>, bytes: number): Row[] {
  const medians = new Map<string, number>();
  for (const c of commands) medians.set(c.label, median(runs.get(c.label)!.map((m) => m.wallMs)));
  const reference = (tool: string): number | undefined => {
    const c = commands.find((x) => x.tool === tool);
    return c ? medians.get(c.label) : undefined;
  };
  const mawk = reference('mawk');
  const cat = reference('cat');
  return commands.map((c) => {
    const ms = runs.get(c.label)!;
    const med = medians.get(c.label)!;
    const rss = ms.map((m) => m.maxRssKiB).filter((v): v is number => v !== undefined);
    return {
      label: c.label,
      command: commandLine(c),
      runs: ms.length,
      medianMs: med,
      minMs: Math.min(...ms.map((m) => m.wallMs)),
      maxMs: Math.max(...ms.map((m) => m.wallMs)),
      mibPerSec: bytes / 1024 ** 2 / (med / 1000),
      rssMiB: rss.length ? Math.max(...rss) / 1024 : undefined,
      xMawk: mawk === undefined ? undefined : mawk / med,
      xCat: cat === undefined ? undefined : med / cat,
    };
  });
}

const fmt = (n: number | undefined, digits: number, suffix = ''): string =>
  n === undefined || !Number.isFinite(n) ? '–' : `${n.toFixed(digits)}${suffix}`;

export function renderTable(table: Table): string {
  const lines = [
    `**${table.caption}**`,
    '',
    '| command | runs | median s | min–max s | MiB/s | peak RSS MiB | × mawk speed | × cat time |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of table.rows) {
    lines.push(
      `| ${r.label} | ${r.runs} | ${fmt(r.medianMs / 1000, 3)} | ${fmt(r.minMs / 1000, 2)}–${fmt(r.maxMs / 1000, 2)} | ${fmt(r.mibPerSec, 1)} | ${fmt(r.rssMiB, 0)} | ${fmt(r.xMawk, 2, 'x')} | ${fmt(r.xCat, 1, 'x')} |`,
    );
  }
  return lines.join('\n');
}

/** For scenarios measured in milliseconds (start-up), where MiB/s means nothing. */
export function renderLatencyTable(table: Table): string {
  const lines = [
    `**${table.caption}**`,
    '',
    '| command | runs | median ms | min–max ms | peak RSS MiB |',
    '|---|---:|---:|---:|---:|',
  ];
  for (const r of table.rows) {
    lines.push(
      `| ${r.label} | ${r.runs} | ${fmt(r.medianMs, 1)} | ${fmt(r.minMs, 0)}–${fmt(r.maxMs, 0)} | ${fmt(r.rssMiB, 0)} |`,
    );
  }
  return lines.join('\n');
}

export interface Target {
  readonly name: string;
  readonly goal: string;
  readonly measured: string;
  readonly met: boolean | undefined;
}

export function renderTargets(targets: readonly Target[]): string {
  const lines = ['| target | goal | measured | verdict |', '|---|---|---|---|'];
  for (const t of targets)
    lines.push(
      `| ${t.name} | ${t.goal} | ${t.measured} | ${t.met === undefined ? 'not measured' : t.met ? 'met' : '**missed**'} |`,
    );
  return lines.join('\n');
}
