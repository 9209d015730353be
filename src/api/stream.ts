// A Node Transform for pipeline(src, dedupeStream(), dst): bytes in, the kept bytes out, through
// the same run as standard input on the CLI. Input is taken as the run asks for it, so a slow run
// holds the writer back (backpressure) instead of buffering the whole input.
import { Transform, type TransformCallback } from 'node:stream';
import { planForText, type DedupeOptions } from './options.js';
import { runInMemory } from './run-memory.js';

export function dedupeStream(options: DedupeOptions = {}): Transform {
  const plan = planForText(options, 'dedupeStream');
  // The one chunk handed over and not yet taken, with the callback that asks for the next.
  let waiting: { chunk?: Uint8Array; done: TransformCallback } | undefined;
  let wake: (() => void) | undefined;
  let ended = false;
  const input: AsyncIterable<Uint8Array> = {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        if (!waiting && !ended)
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
        if (waiting) {
          const { chunk, done } = waiting;
          waiting = undefined;
          done();
          if (chunk) yield chunk;
          continue;
        }
        return;
      }
    },
  };
  let running: Promise<unknown> | undefined;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      running ??= start();
      waiting = { chunk, done };
      wake?.();
    },
    flush(done) {
      running ??= start();
      ended = true;
      wake?.();
      running.then(
        () => done(),
        (error: unknown) => done(error as Error),
      );
    },
  });
  const start = (): Promise<unknown> =>
    runInMemory(
      plan,
      input,
      (bytes) => {
        stream.push(bytes);
      },
      false,
    )
      // A failed run fails the stream now, not only at its end.
      .catch((error: unknown) => {
        stream.destroy(error as Error);
        throw error;
      });
  return stream;
}
