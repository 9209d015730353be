// The sink a report on standard output is drained into. A report is a view of the run, not its
// product: when its reader goes away (EPIPE, as under `| head`) while the run writes its text to
// files, only the report stops; no output is lost or blamed for a pipe that is not its own.
import type { ByteSink } from './byte-sink.js';

/**
 * stdout for a report. With outputsElsewhere false (the report is all the run makes), EPIPE is
 * passed on as before, so the run can stop early.
 */
export function createReportSink(stdout: ByteSink, outputsElsewhere: boolean): ByteSink {
  let readerGone = false;
  return {
    async write(chunk) {
      if (readerGone) return;
      try {
        await stdout.write(chunk);
      } catch (error) {
        if (!outputsElsewhere || (error as { code?: string } | undefined)?.code !== 'EPIPE') throw error;
        readerGone = true;
      }
    },
    commit: (beforeRename) => stdout.commit(beforeRename),
    abort: () => stdout.abort(),
  };
}
