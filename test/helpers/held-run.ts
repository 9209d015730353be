// Starts the real binary held at a test-only hold (DEDUPE_TEST_HOLD: before an output's rename;
// DEDUPE_TEST_PASS_HOLD: between an input's two readings) and resolves once it is holding, so a
// test changes files in exactly the window a concurrent writer would use (DIR/go releases it), or
// kills it there.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BIN } from './cli.js';

export interface HeldExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export async function heldRun(
  args: string[],
  hold: string,
  variable: 'DEDUPE_TEST_HOLD' | 'DEDUPE_TEST_PASS_HOLD' = 'DEDUPE_TEST_HOLD',
): Promise<{ done: Promise<HeldExit>; kill(signal: NodeJS.Signals): void }> {
  mkdirSync(hold, { recursive: true });
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, [variable]: hold },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const done = new Promise<HeldExit>((r) => child.on('close', (code, signal) => r({ code, signal, stdout, stderr })));
  const ready = join(hold, 'ready');
  for (let i = 0; i < 800 && !existsSync(ready); i++) await new Promise((r) => setTimeout(r, 25));
  if (!existsSync(ready)) child.kill('SIGKILL');
  assert.ok(existsSync(ready), 'the run reached the hold');
  return { done, kill: (signal) => child.kill(signal) };
}

/** SIGKILL at the hold: the moment the --out-dir crash tests look at what a killed run leaves. */
export async function killAtHold(args: string[], hold: string): Promise<void> {
  const held = await heldRun(args, hold);
  held.kill('SIGKILL');
  assert.equal((await held.done).signal, 'SIGKILL');
}
