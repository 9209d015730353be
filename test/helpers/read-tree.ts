// A folder's text files as a map of relative path -> text, for comparing the trees two runs leave.
// A SIGKILL can leave a run's temporary file (never read, hidden); the comparison leaves them out.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isTempName } from '../../src/fs/temp-name.js';

export function readTree(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (isTempName(e.name)) continue;
    if (e.isDirectory()) Object.assign(out, readTree(join(dir, e.name), `${prefix}${e.name}/`));
    else out[`${prefix}${e.name}`] = readFileSync(join(dir, e.name), 'utf8');
  }
  return out;
}
