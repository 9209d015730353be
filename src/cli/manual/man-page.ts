// The man page, dedupe(1), built from what --help is built from (the flag table and its groups,
// commander's subcommands, the key's help, the examples) plus the README's prose sections. Run at
// build time by scripts/build-docs.mjs; it returns text and writes nothing.
import type { Command, Option } from 'commander';
import { describeKeyHelp } from '../../key/index.js';
import { FLAGS, type CommandName, type FlagDef } from '../flags.js';
import { byGroup, FLAG_GROUP_TITLES } from '../flag-groups.js';
import { EXAMPLES_TEXT, PROGRAM_DESCRIPTION } from '../program.js';
import { escapeRoff, inlineRoff, markdownToRoff } from './roff.js';

/** README sections the page carries, under its own section names. */
const README_SECTIONS: readonly (readonly [heading: string, section: string])[] = [
  ['Usage', 'USAGE'],
  ['Inputs, order and batches', 'INPUTS'],
  ['Units and blank lines', 'UNITS AND BLANK LINES'],
  ['Reports and policies', 'REPORTS AND POLICIES'],
  ['Near duplicates: `--near`', 'NEAR DUPLICATES'],
  ['Incremental runs: a persistent index', 'INCREMENTAL RUNS'],
  ['Scale-out: sharded phases for any scheduler', 'SCALE-OUT'],
  ['How it compares units: fingerprints and the collision bound', 'FINGERPRINTS'],
  ['Exit codes', 'EXIT STATUS'],
];

export function manPage(program: Command, readme: string, version: string): string {
  const description = PROGRAM_DESCRIPTION.replace(/\.$/, '');
  const lines = [
    `.TH DEDUPE 1 "" "dedupe-text ${escapeRoff(version)}" "User Commands"`,
    // Option names must never break at a hyphen.
    '.nh',
    '.SH NAME',
    `dedupe \\- ${escapeRoff(description.charAt(0).toLowerCase() + description.slice(1))}`,
    '.SH SYNOPSIS',
    ...synopsis(program),
    '.SH DESCRIPTION',
    markdownToRoff(intro(readme)),
    '.SH OPTIONS',
    ...options(program),
    '.SH COMMANDS',
    ...commands(program, [program.name()]),
    '.SH KEY PROFILES AND FOLD STEPS',
    ...keyHelp(),
  ];
  for (const [heading, section] of README_SECTIONS) {
    lines.push(`.SH ${section}`, sectionRoff(readmeSection(readme, heading)));
  }
  lines.push('.SH EXAMPLES', '.nf', escapeRoff(EXAMPLES_TEXT.replace(/\n$/, '').replace(/^ {2}/gm, '')), '.fi');
  lines.push(
    '.SH SEE ALSO',
    "The documents shipped in the package's \\fBdocs/\\fR folder: normalization.md (the key), json-format.md",
    '(\\fB\\-\\-report json\\fR), near-duplicates.md, index-format.md, scale-out.md and api.md (the library).',
  );
  return `${lines.join('\n')}\n`;
}

function synopsis(program: Command): string[] {
  const all = walk(program, [program.name()]);
  return all.flatMap(([path, c], i) => [
    ...(i > 0 ? ['.br'] : []),
    `\\fB${escapeRoff(path.join(' '))}\\fR ${escapeRoff(c.usage())}`,
  ]);
}

function walk(command: Command, path: string[]): [string[], Command][] {
  return [[path, command], ...command.commands.flatMap((c) => walk(c, [...path, c.name()]))];
}

function options(program: Command): string[] {
  const out: string[] = [];
  for (const [group, defs] of byGroup(FLAGS.filter((d) => d.help !== undefined))) {
    out.push(`.SS ${FLAG_GROUP_TITLES[group]}`);
    for (const def of defs) out.push('.TP', term(def.flags), escapeRoff(rowText(def)));
  }
  // commander's own (-V, -h): not rows of the table.
  const names = new Set(FLAGS.map((d) => d.name));
  const own = program
    .createHelp()
    .visibleOptions(program)
    .filter((o) => !names.has(o.attributeName()));
  out.push('.SS General', ...own.flatMap((o) => ['.TP', term(o.flags), escapeRoff(o.description)]));
  return out;
}

function rowText(def: FlagDef): string {
  const extra = [
    def.choices ? `one of ${def.choices.join(', ')}` : undefined,
    def.default !== undefined ? `default ${def.default}` : undefined,
  ].filter((s) => s !== undefined);
  return extra.length > 0 ? `${def.help} (${extra.join('; ')})` : def.help!;
}

/** `-u, --unit <unit>` as \fB\-u\fR, \fB\-\-unit\fR \fIunit\fR. */
function term(flags: string): string {
  return flags
    .split(/(<[^>]+>|\[[^\]]+\])/)
    .map((part, i) =>
      i % 2 === 1
        ? `\\fI${escapeRoff(part.slice(1, -1))}\\fR`
        : part.replace(/-{1,2}[A-Za-z][\w-]*/g, (flag) => `\\fB${escapeRoff(flag)}\\fR`),
    )
    .join('');
}

function commands(command: Command, path: string[]): string[] {
  return command.commands.flatMap((c) => {
    const here = [...path, c.name()];
    const own = c.options.filter((o: Option) => !o.hidden);
    const takes = FLAGS.filter(
      (d) => d.help !== undefined && here.length === 2 && d.commands.includes(here[1] as CommandName),
    );
    return [
      '.TP',
      `\\fB${escapeRoff(here.join(' '))}\\fR ${escapeRoff(c.usage())}`,
      escapeRoff(c.description()),
      ...(own.length > 0
        ? ['.RS', ...own.flatMap((o) => ['.TP', term(o.flags), escapeRoff(o.description)]), '.RE']
        : []),
      ...(takes.length > 0
        ? ['.IP', `Also takes: ${takes.map((d) => `\\fB${escapeRoff(d.label)}\\fR`).join(', ')}.`]
        : []),
      ...commands(c, here),
    ];
  });
}

// The key's help is lines of "  name  phrase" under unindented headings.
function keyHelp(): string[] {
  return describeKeyHelp()
    .split('\n')
    .flatMap((line) => {
      const item = /^ {2}(\S+)\s+(.*)$/.exec(line);
      return item ? ['.TP', `\\fB${escapeRoff(item[1])}\\fR`, escapeRoff(item[2])] : ['.PP', escapeRoff(line)];
    });
}

/** The README's opening paragraph: what the tool is. */
function intro(readme: string): string {
  const body = readme.split('\n## ')[0].split('\n').slice(1).join('\n').trim();
  return body.split(/\n\s*\n/)[0];
}

/** A section's Markdown, from its heading to the next heading of its level or above. */
export function readmeSection(readme: string, heading: string): string {
  const lines = readme.split('\n');
  const start = lines.findIndex((l) => /^#{2,3} /.test(l) && l.replace(/^#+ /, '') === heading);
  if (start < 0) throw new Error(`man page: the README has no section '${heading}'`);
  const level = lines[start].indexOf(' ');
  let end = start + 1;
  while (end < lines.length && !(/^#+ /.test(lines[end]) && lines[end].indexOf(' ') <= level)) end++;
  return lines.slice(start + 1, end).join('\n');
}

// Subheadings inside a section become subsections.
function sectionRoff(markdown: string): string {
  return markdown
    .split(/^#{3,} (.*)$/m)
    .map((part, i) => (i % 2 === 1 ? `.SS ${inlineRoff(part)}` : markdownToRoff(part)))
    .join('\n');
}
