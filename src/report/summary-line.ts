// Formats the one-line end-of-run summary that batch runs print on stderr: files read, changed,
// skipped and failed, units, duplicates removed, bytes saved and time taken.
import type { RunTotals } from './totals.js';

export function summaryLine(totals: RunTotals, elapsedMs: number, dryRun: boolean): string {
  const n = (value: number): string => value.toLocaleString('en-US');
  const files = `${n(totals.read)} ${plural(totals.read, 'file')} read, ${n(totals.changed)} ${dryRun ? 'would change' : 'changed'}, ${n(totals.skipped)} skipped, ${n(totals.failed)} failed`;
  const units = `${n(totals.units)} ${plural(totals.units, 'unit')}, ${n(totals.duplicates)} ${plural(totals.duplicates, 'duplicate')} ${dryRun ? 'found' : 'removed'}`;
  const saved = `${formatBytes(totals.bytesIn - totals.bytesOut)} ${dryRun ? 'to save' : 'saved'}`;
  const dropped = totals.dropped > 0 ? `, ${n(totals.dropped)} left blank and not written` : '';
  return `${files}; ${units}${dropped}, ${saved}, ${(elapsedMs / 1000).toFixed(1)} s`;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}
