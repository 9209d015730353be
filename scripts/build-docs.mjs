// Build step (npm run build, after tsc): writes the man page (man/dedupe.1) and the three
// completion scripts (completions/) from the compiled flag table and the README, so that the
// packed tarball ships them. Each file appears whole (written beside, then renamed).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { buildProgram } = await import(join(root, 'dist/src/cli/program.js'));
const { manPage } = await import(join(root, 'dist/src/cli/manual/man-page.js'));
const { completionScript } = await import(join(root, 'dist/src/cli/completion/script.js'));

const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const { program } = buildProgram(version, { out: () => {}, err: () => {} });

function publish(path, text) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  const temp = join(root, `${path}.${process.pid}.tmp`);
  writeFileSync(temp, text);
  renameSync(temp, join(root, path));
}

publish('man/dedupe.1', manPage(program, readme, version));
publish('completions/dedupe.bash', completionScript('bash', program));
publish('completions/_dedupe', completionScript('zsh', program));
publish('completions/dedupe.fish', completionScript('fish', program));
