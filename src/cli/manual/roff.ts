// Roff for the man page: escaping plain text, and the small Markdown subset the README's sections
// use (paragraphs, fenced code, tables, bullet lists, `code`, **bold**, *emphasis*, links), turned
// into man(7) requests. Anything else in Markdown comes out as text, escaped, never as a request.

/** Text as roff reads it literally: backslashes, hyphens (minus signs in options) and a leading dot. */
export function escapeRoff(text: string): string {
  return text
    .replace(/\\/g, '\\e')
    .replace(/-/g, '\\-')
    .replace(/^(?=[.'])/gm, '\\&');
}

/** One line of Markdown inline markup as roff: code and bold in bold, emphasis in italics, links as text. */
export function inlineRoff(markdown: string): string {
  // Code spans first, held aside (as private-use marks) so that nothing inside them reads as
  // markup; \fP restores the font around them, so a code span inside bold text stays bold.
  const spans: string[] = [];
  const held = markdown.replace(/`([^`]+)`/g, (_, code: string) => `\uE000${spans.push(code) - 1}\uE001`);
  const text = escapeRoff(held.replace(/\[([^\]]+)\]\([^)]+\)/g, '$1'))
    .replace(/\*\*([^*]+)\*\*/g, '\\fB$1\\fR')
    .replace(/(^|[\s(])\*([^*\s][^*]*)\*/g, '$1\\fI$2\\fR')
    .replace(/\uE000(\d+)\uE001/g, (_, n: string) => `\\fB${escapeRoff(spans[Number(n)])}\\fP`);
  // A line that starts with a request character after markup must still read as text.
  return text.replace(/^(?=[.'])/, '\\&');
}

/** A block of Markdown (no headings) as man(7) requests. */
export function markdownToRoff(markdown: string): string {
  const lines = markdown.split('\n');
  const out: string[] = [];
  let paragraph: string[] = [];
  const flush = (): void => {
    if (paragraph.length > 0) out.push('.PP', inlineRoff(paragraph.join(' ')));
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('```')) {
      flush();
      const code: string[] = [];
      for (i++; i < lines.length && !lines[i].startsWith('```'); i++) code.push(escapeRoff(lines[i]));
      out.push('.PP', '.RS 4', '.nf', ...code, '.fi', '.RE');
    } else if (line.startsWith('|')) {
      flush();
      const rows: string[][] = [];
      for (; i < lines.length && lines[i].startsWith('|'); i++) rows.push(cells(lines[i]));
      i--;
      // A list of terms: the first column is the term, the second its text, the others named by
      // their header ("default: `line`").
      const header = rows[0];
      for (const [term, text, ...more] of rows.slice(2)) {
        const named = more.flatMap((cell, k) => (cell === '' ? [] : [`${header[k + 2]}: ${cell}`]));
        out.push('.TP', inlineRoff(term), inlineRoff([text, ...named].join('; ')));
      }
    } else if (/^\s*- /.test(line)) {
      flush();
      out.push('.IP \\(bu 2', inlineRoff(line.replace(/^\s*- /, '')));
      for (i++; i < lines.length && /^\s{2,}\S/.test(lines[i]); i++) out.push(inlineRoff(lines[i].trim()));
      i--;
    } else if (line.trim() === '') flush();
    else paragraph.push(line.trim());
  }
  flush();
  return out.join('\n');
}

// A table row's cells; `\|` inside a cell is a literal bar, not a boundary.
function cells(row: string): string[] {
  return row
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim().replace(/\\\|/g, '|'));
}
