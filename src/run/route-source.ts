// The per-source loop every writing pass shares (the run's dedupeSource and the scale-out apply
// task): an opened text source is split, each unit judged by the unit router, the kept bytes sent
// to the output (paragraph separators, BOM and encoding kept as the engine decides) and tallied.
import {
  createUnitRouter,
  type KeptBytes,
  type RouterOptions,
  type RouterWatch,
  type SourceTally,
  type UnitRouter,
} from '../engine/unit-router.js';
import type { UnitDecider } from '../engine/decider.js';
import type { Opened } from '../input/open-source.js';
import { splitUnits, splitWhole, wholeSplitter, type SplitScratch, type UnitMode } from '../split/split-units.js';
import type { FingerprintPool } from '../threads/fingerprint-pool.js';
import { createThreadedStage, type PreparedJudge } from '../threads/threaded-stage.js';

export type TextOpened = Extract<Opened, { kind: 'text' }>;

/** Offsets into the text split are offsets into the file itself (no transcoding, no compression). */
export function splitsFileBytes(opened: TextOpened): boolean {
  return opened.transcoder === undefined && opened.compression === undefined;
}

export interface RouteOptions {
  readonly mode: UnitMode;
  readonly bufferSize: number;
  /** Split buffers, shared by the sources of one run or task. */
  readonly scratch: SplitScratch;
  readonly judge: UnitDecider;
  /** This source's number (the judge's positions, the drop list's rank). */
  readonly source: number;
  readonly tally: SourceTally;
  readonly out: KeptBytes;
  readonly watch?: RouterWatch;
  /**
   * Before a window's bytes change: `write` drains the kept text; the caller decides how its
   * errors are told, and what else drains or yields with it.
   */
  onWindow(write: () => Promise<void> | void, buf: Uint8Array): Promise<void> | void;
  /** Fingerprint on worker threads (a long source only), for a judge that takes prepared fingerprints. */
  readonly threads?: {
    readonly judge: PreparedJudge;
    readonly pool: () => FingerprintPool;
    readonly afterBytes?: number;
  };
}

export async function routeSource(opened: TextOpened, options: RouteOptions): Promise<void> {
  if (opened.whole) {
    const written = routeWhole(opened, opened.whole, options);
    if (written) await written;
    return;
  }
  const router = routerFor(opened, options);
  const split = { mode: options.mode, bufferSize: options.bufferSize, scratch: options.scratch };
  if (options.threads) {
    const stage = createThreadedStage(router, options.threads.judge, options.threads.pool, options.threads.afterBytes);
    await splitUnits(opened.reader, split, stage);
    await stage.flush();
  } else {
    await splitUnits(opened.reader, split, router);
  }
  router.finish();
}

/**
 * A small file read whole (opened.whole): split, judged and written without a read or an await.
 * Never threaded: the threaded stage starts after a source's first window, and this is its only one.
 * A promise back: the output's drain (or the run's pause) to wait for.
 */
export function routeWhole(opened: TextOpened, whole: Buffer, options: RouteOptions): void | Promise<void> {
  const router = routerFor(opened, options);
  const split = { mode: options.mode, bufferSize: options.bufferSize, scratch: options.scratch };
  const written = splitWhole(whole, whole.length, split, router);
  if (!written) return router.finish();
  return written.then(() => router.finish());
}

export type WholeRoute = (opened: TextOpened, whole: Buffer, options: RouteOptions) => void | Promise<void>;

/**
 * routeWhole for a run's small files one after another, each routed to its end before the next:
 * one router and one splitter, begun again for each file. The mode and scratch are the first file's.
 */
export function createWholeRoute(): WholeRoute {
  let made: { router: UnitRouter; split: (input: Buffer, length: number) => void | Promise<void> } | undefined;
  let current: RouteOptions | undefined;
  return (opened, whole, options) => {
    current = options;
    if (made) made.router.restart(routerOptions(opened, options));
    else {
      const router = createUnitRouter(routerOptions(opened, options));
      const window = router.window.bind(router);
      router.window = (buf) => current!.onWindow(() => window(buf), buf);
      const split = { mode: options.mode, bufferSize: options.bufferSize, scratch: options.scratch };
      made = { router, split: wholeSplitter(split, router) };
    }
    const { router } = made;
    const written = made.split(whole, whole.length);
    if (!written) return router.finish();
    return written.then(() => router.finish());
  };
}

function routerFor(opened: TextOpened, options: RouteOptions): UnitRouter {
  const router = createUnitRouter(routerOptions(opened, options));
  const window = router.window.bind(router);
  router.window = (buf) => options.onWindow(() => window(buf), buf);
  return router;
}

function routerOptions(opened: TextOpened, options: RouteOptions): RouterOptions {
  return {
    mode: options.mode,
    judge: options.judge,
    source: options.source,
    tally: options.tally,
    out: options.out,
    watch: options.watch,
    diskLength: opened.transcoder?.diskLength.bind(opened.transcoder),
  };
}
