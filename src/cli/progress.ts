// The progress bar on stderr, drawn by cli-progress: files done of total, bytes, and a smoothed ETA.
// It appears only after the run has lasted a moment, only on a terminal unless forced, never
// with --quiet, and is cleared before the summary so it never mixes with messages.
import type cliProgress from 'cli-progress';
import { statSync } from 'node:fs';
import type { Source } from '../input/sources.js';
import { formatBytes } from '../report/summary-line.js';
import type { Reporter } from './reporter.js';
import { createEtaEstimator, formatEta } from './eta.js';

/** Loaded only when a bar may be drawn, so plain runs do not pay for it at start-up. */
export async function withProgress(base: Reporter, stream: NodeJS.WritableStream, now: () => number, forced: boolean, showAfterMs: number): Promise<Reporter> {
  const { default: progressLib } = await import('cli-progress');
  let bar: cliProgress.SingleBar | undefined;
  let total = 0;
  let files = 0;
  let doneBytes = 0;
  const started = now();
  const eta = createEtaEstimator();

  const payload = (bytes: number) => {
    eta.sample(bytes, now());
    return { files, bytesText: formatBytes(bytes), totalText: formatBytes(total), etaText: formatEta(eta.secondsLeft(total)) };
  };
  const ensureBar = (): void => {
    if (bar || now() - started < showAfterMs) return;
    bar = new progressLib.SingleBar({
      stream,
      format: ' {bar} {files} files | {bytesText} of {totalText} | ETA {etaText}',
      hideCursor: true,
      clearOnComplete: true,
      noTTYOutput: forced,
      notTTYSchedule: 1000,
    }, progressLib.Presets.shades_classic);
    bar.start(Math.max(total, 1), doneBytes, payload(doneBytes));
  };
  const pause = (): void => { bar?.stop(); bar = undefined; };

  return {
    ...base,
    problem(label, message) { pause(); base.problem(label, message); },
    warning(label, message) { pause(); base.warning(label, message); },
    note(label, message) { pause(); base.note?.(label, message); },
    start(sources: readonly Source[]) {
      total = sources.reduce((sum, s) => sum + (s.kind === 'file' ? s.size ?? sizeOf(s.path) : 0), 0);
      base.start?.(sources);
    },
    progress(bytesOfSource) {
      ensureBar();
      bar?.update(Math.min(doneBytes + bytesOfSource, total), payload(doneBytes + bytesOfSource));
    },
    sourceDone(source, tally) {
      files++;
      doneBytes += tally.bytesIn;
      ensureBar();
      bar?.update(Math.min(doneBytes, total), payload(doneBytes));
      base.sourceDone?.(source, tally);
    },
    finish(totals) {
      pause();
      base.finish?.(totals);
    },
  };
}

// Walked files carry no size (a stat each would slow big batches); the bar asks only when it is on.
function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
