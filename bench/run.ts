// `npm run bench`: runs the chosen scenarios in order, prints each one's Markdown as it finishes,
// then the targets and the machine. A wrong output count stops that scenario with a loud error
// and a non-zero exit; the other scenarios still run. Generated files live in a temp folder.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Context, ScenarioResult } from './context.js';
import { benchTempDir } from './generate-corpus.js';
import { hasGnuTime } from './measure.js';
import { parseOptions, USAGE, type BenchOptions, type ScenarioName } from './options.js';
import { renderLatencyTable, renderTable, renderTargets } from './report.js';
import { BenchFailure } from './rounds.js';
import { bigScenario, manyScenario, paragraphScenario } from './scenario-generated.js';
import { hugeScenario, memoryScenario } from './scenario-memory.js';
import { realScenario } from './scenario-real.js';
import { startupScenario } from './scenario-startup.js';
import { indexScenario } from './scenario-index.js';
import { nearScenario } from './scenario-near.js';
import { scaleScenario } from './scenario-scale.js';
import { compressedScenario } from './scenario-compressed.js';
import { filesScenario, outDirScenario } from './scenario-files.js';
import { judgeTargets } from './targets.js';
import { w2Scenario } from './scenario-w2.js';
import { giantScenario } from './scenario-giant.js';
import { createToolset } from './tools.js';

const SCENARIOS: Record<ScenarioName, (ctx: Context) => Promise<ScenarioResult | string>> = {
  startup: startupScenario,
  big: bigScenario,
  paragraph: paragraphScenario,
  many: manyScenario,
  memory: memoryScenario,
  real: realScenario,
  index: indexScenario,
  near: nearScenario,
  scale: scaleScenario,
  compressed: compressedScenario,
  files: filesScenario,
  outdir: outDirScenario,
  huge: hugeScenario,
  w2: w2Scenario,
  giant: giantScenario,
};

export function machineLine(): string {
  const cpu = cpus();
  return `${new Date().toISOString().slice(0, 10)}, ${cpu.length} x ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB RAM, Linux ${release()}, Node ${process.version}`;
}

function render(result: ScenarioResult): string {
  const parts = [`### ${result.title}`, '', `Input: ${result.input}.`, ''];
  for (const table of result.tables) parts.push(result.latency ? renderLatencyTable(table) : renderTable(table), '');
  const checks = result.verified.map((v) => `${v.label} ${v.got === v.expected ? '=' : '≠'} ${v.expected}`);
  if (checks.length) parts.push(`Correctness (${result.verified[0].unit}s kept): ${checks.join('; ')}.`, '');
  for (const note of result.notes) parts.push(`- ${note}`);
  return parts.join('\n');
}

async function main(options: BenchOptions): Promise<number> {
  const workDir = options.workDir ?? benchTempDir();
  mkdirSync(workDir, { recursive: true });
  const scratch = join(workDir, 'scratch');
  mkdirSync(scratch, { recursive: true });
  const tools = createToolset(options.tools, options.dedupeBin, options.baselineBin);
  const progress = (text: string): void => {
    process.stderr.write(`${text}\n`);
  };
  const ctx: Context = { options, tools, workDir, scratch, progress };

  const header = [
    `## dedupe benchmark`,
    '',
    `Machine: ${machineLine()}.`,
    `dedupe: ${options.dedupeBin}${options.baselineBin ? `; before: ${options.baselineBin}` : ''}.`,
    `Peak RSS from ${hasGnuTime() ? 'GNU time -v' : '/proc/<pid>/status VmHWM, polled every 10 ms'}; corpora in ${workDir}.`,
  ];
  for (const s of tools.skipped) header.push(`Skipped: ${s}.`);
  process.stdout.write(header.join('\n') + '\n\n');

  const results: ScenarioResult[] = [];
  const failures: string[] = [];
  let code = 0;
  for (const name of options.scenarios) {
    progress(`== ${name}`);
    try {
      const result = await SCENARIOS[name](ctx);
      if (typeof result === 'string') {
        process.stdout.write(`${result}\n\n`);
        continue;
      }
      results.push(result);
      process.stdout.write(render(result) + '\n\n');
    } catch (error) {
      if (!(error instanceof BenchFailure)) throw error;
      code = 1;
      failures.push(`${name}: ${error.message}`);
      process.stdout.write(`### ${name}: FAILED\n\n${error.message}\n\n`);
    }
  }

  const figures = Object.assign({}, ...results.map((r) => r.figures)) as Record<string, number | undefined>;
  process.stdout.write(`### Targets (issue 6)\n\n${renderTargets(judgeTargets(figures))}\n`);
  if (failures.length)
    process.stdout.write(`\nFAILED (wrong output, no speed reported):\n${failures.map((f) => `- ${f}`).join('\n')}\n`);
  if (options.json)
    writeFileSync(
      options.json,
      JSON.stringify({ machine: machineLine(), options, results, figures, failures }, null, 2) + '\n',
    );
  if (!options.keep && !options.workDir) rmSync(workDir, { recursive: true, force: true });
  else progress(`corpora kept in ${workDir} (reuse with --dir ${workDir})`);
  return code;
}

let options: BenchOptions;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`bench: ${(error as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(`${USAGE}\n`);
} else {
  process.exitCode = await main(options);
}
