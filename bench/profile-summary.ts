// Summarises a V8 .cpuprofile (from `node --cpu-prof`) as the functions with the most self time
// and, for the same functions, their inclusive time: the evidence behind the README's
// suggestions. Usage: node dist/bench/profile-summary.js FILE.cpuprofile [--top 20]
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface FunctionTime {
  readonly name: string;
  readonly where: string;
  readonly selfMs: number;
  readonly totalMs: number;
}

const frameKey = (n: ProfileNode): string =>
  `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url}:${n.callFrame.lineNumber + 1}`;

export function summarizeProfile(profile: CpuProfile): { totalMs: number; functions: FunctionTime[] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const info = new Map<string, ProfileNode>();
  let totalUs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    // A sample's delta is the time until the next sample: attribute it to the sampled node.
    const dt = profile.timeDeltas[i + 1] ?? 0;
    totalUs += dt;
    const leaf = byId.get(profile.samples[i])!;
    const k = frameKey(leaf);
    info.set(k, leaf);
    self.set(k, (self.get(k) ?? 0) + dt);
    // Inclusive: once per distinct function on the stack (recursion counted once).
    const seen = new Set<string>();
    for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
      const node = byId.get(id)!;
      const key = frameKey(node);
      if (seen.has(key)) continue;
      seen.add(key);
      info.set(key, node);
      total.set(key, (total.get(key) ?? 0) + dt);
    }
  }
  const functions = [...total.keys()].map((k) => {
    const n = info.get(k)!;
    const url = n.callFrame.url;
    const where = url
      ? `${url.replace(/^file:\/\/.*?\/(dist|node_modules)\//, '$1/')}:${n.callFrame.lineNumber + 1}`
      : '(native)';
    return {
      name: n.callFrame.functionName || '(anonymous)',
      where,
      selfMs: (self.get(k) ?? 0) / 1000,
      totalMs: (total.get(k) ?? 0) / 1000,
    };
  });
  return { totalMs: totalUs / 1000, functions };
}

function cli(argv: string[]): void {
  const file = argv[0];
  if (!file) throw new Error('usage: profile-summary FILE.cpuprofile [--top N]');
  const top = Number(argv[argv.indexOf('--top') + 1] ?? 20) || 20;
  const { totalMs, functions } = summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
  const pct = (ms: number): string => `${((100 * ms) / totalMs).toFixed(1)}%`;
  const lines = [
    `${basename(file)}: ${(totalMs / 1000).toFixed(2)} s sampled`,
    '',
    '| function | where | self ms | self % | total ms | total % |',
    '|---|---|---:|---:|---:|---:|',
  ];
  for (const f of [...functions].sort((a, b) => b.selfMs - a.selfMs).slice(0, top)) {
    lines.push(
      `| ${f.name} | ${f.where} | ${f.selfMs.toFixed(0)} | ${pct(f.selfMs)} | ${f.totalMs.toFixed(0)} | ${pct(f.totalMs)} |`,
    );
  }
  process.stdout.write(lines.join('\n') + '\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) cli(process.argv.slice(2));
