// Whether another process still runs: what a lock or a temporary file left by a run is judged by.
// Signal 0 checks without sending anything; EPERM means it runs, under another user.

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}
