// The progress bar on stderr, drawn by cli-progress: files done of total, bytes, and a smoothed ETA.
// It appears only after the run has lasted a moment, only on a terminal unless forced, never
// with --quiet, and is cleared before the summary so it never mixes with messages.
import type cliProgress from 'cli-progress';
import { statSync } from '../fs/lossless-fs.js';
import { formatBytes } from '../report/summary-line.js';
import type { Renderer } from './reporter.js';
import { createEtaEstimator, formatEta } from './eta.js';

/** Loaded only when a bar may be drawn, so plain runs do not pay for it at start-up. */
export async function withProgress(
  base: Renderer,
  stream: NodeJS.WritableStream,
  now: () => number,
  forced: boolean,
  showAfterMs: number,
): Promise<Renderer> {
  const { default: progressLib } = await import('cli-progress');
  let bar: cliProgress.SingleBar | undefined;
  let total = 0;
  let files = 0;
  let doneBytes = 0;
  const started = now();
  const eta = createEtaEstimator();

  const payload = (bytes: number) => {
    eta.sample(bytes, now());
    return {
      files,
      bytesText: formatBytes(bytes),
      totalText: formatBytes(total),
      etaText: formatEta(eta.secondsLeft(total)),
    };
  };
  const ensureBar = (): void => {
    if (bar || now() - started < showAfterMs) return;
    bar = new progressLib.SingleBar(
      {
        stream,
        format: ' {bar} {files} files | {bytesText} of {totalText} | ETA {etaText}',
        hideCursor: true,
        clearOnComplete: true,
        noTTYOutput: forced,
        notTTYSchedule: 1000,
      },
      progressLib.Presets.shades_classic,
    );
    bar.start(Math.max(total, 1), doneBytes, payload(doneBytes));
  };
  const pause = (): void => {
    bar?.stop();
    bar = undefined;
  };

  return {
    onEvent(event) {
      switch (event.kind) {
        case 'error':
        case 'warning':
        case 'notice':
          pause();
          break;
        case 'start':
          total = event.sources.reduce((sum, s) => sum + (s.kind === 'file' ? (s.size ?? sizeOf(s.path)) : 0), 0);
          break;
        case 'progress':
          ensureBar();
          bar?.update(Math.min(doneBytes + event.bytesOfSource, total), payload(doneBytes + event.bytesOfSource));
          break;
        case 'source-done':
          files++;
          doneBytes += event.tally.bytesIn;
          ensureBar();
          bar?.update(Math.min(doneBytes, total), payload(doneBytes));
          break;
        case 'source-start':
          break;
      }
      base.onEvent(event);
    },
    finish() {
      pause();
      base.finish();
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
