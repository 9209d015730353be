// Where output chunks go: stdout (built by the CLI, which owns the process streams) or a file that
// appears only when complete. A chunk belongs to the sink until its write resolves; then the writer
// may reuse it, so a sink that needs the bytes later must copy them.

export interface ByteSink {
  write(chunk: Uint8Array): Promise<void>;
  /**
   * All data written: make it durable and visible (for a file: flush, then rename into place).
   * beforeRename runs once the new data is safely on disk and before it replaces anything.
   */
  commit(beforeRename?: () => void | Promise<void>): Promise<void>;
  /** Give up: leave no partial output behind. Safe to call more than once. */
  abort(): void;
}
