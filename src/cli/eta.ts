// The progress bar's time-left estimate. A batch reads in bursts (small files, a big one, a slow
// disk), so the rate of the last few updates swings widely; the estimate uses an exponentially
// smoothed rate (time constant of several seconds) and is shown rounded, so it moves steadily.

export interface EtaEstimator {
  /** Bytes done so far, at time `now` (milliseconds). */
  sample(doneBytes: number, now: number): void;
  /** Seconds left for `totalBytes`, or undefined while too little has been seen. */
  secondsLeft(totalBytes: number): number | undefined;
}

export interface EtaOptions {
  /** How fast older rates fade: a rate this old counts for about a third. */
  readonly timeConstantMs?: number;
  /** Updates closer together than this are merged into one rate sample. */
  readonly sampleMs?: number;
  /** No estimate before the run has been measured this long. */
  readonly warmupMs?: number;
}

export function createEtaEstimator(options: EtaOptions = {}): EtaEstimator {
  const tau = options.timeConstantMs ?? 20_000;
  const sampleMs = options.sampleMs ?? 250;
  const warmupMs = options.warmupMs ?? 1_500;
  let startTime: number | undefined;
  let startBytes = 0;
  let lastTime = 0;
  let lastBytes = 0;
  let done = 0;
  let rate: number | undefined; // bytes per millisecond

  return {
    sample(doneBytes, now) {
      done = doneBytes;
      if (startTime === undefined) {
        startTime = lastTime = now;
        startBytes = lastBytes = doneBytes;
        return;
      }
      const dt = now - lastTime;
      if (dt < sampleMs) return;
      const elapsed = now - startTime;
      if (elapsed <= tau || rate === undefined) {
        // Until one time constant has passed, the average since the start is the steadiest rate.
        rate = (doneBytes - startBytes) / elapsed;
      } else {
        const alpha = 1 - Math.exp(-dt / tau);
        rate += alpha * ((doneBytes - lastBytes) / dt - rate);
      }
      lastTime = now;
      lastBytes = doneBytes;
    },
    secondsLeft(totalBytes) {
      if (totalBytes > 0 && done >= totalBytes) return 0;
      if (startTime === undefined || rate === undefined || !(rate > 0) || lastTime - startTime < warmupMs)
        return undefined;
      return Math.max(0, totalBytes - done) / rate / 1000;
    },
  };
}

/** "12 s", "4 min", "1 h 05 min"; steps coarse enough that the figure does not flicker. */
export function formatEta(seconds: number | undefined): string {
  if (seconds === undefined) return '…';
  if (seconds < 10) return `${Math.ceil(seconds)} s`;
  if (seconds < 60) return `${Math.round(seconds / 5) * 5} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}
