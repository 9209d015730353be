// Which walked paths --include and --exclude select, for every walk (folder operands, globs, and
// so `dedupe plan` too): a pattern without `/` matches an entry's name at any depth, a pattern with
// `/` matches its path relative to the folder operand or glob base, a trailing `/` means folders.
import picomatch from 'picomatch';

export interface PathFilter {
  /** The walk reads this file (path relative to the walk's root, forward slashes). */
  readonly selectsFile: (rel: string) => boolean;
  /** The walk does not enter this folder: nothing below it is read. */
  readonly skipsFolder: (rel: string) => boolean;
  /** A folder this path lies in is one the walk does not enter. */
  readonly insideSkippedFolder: (rel: string) => boolean;
}

type Matcher = (rel: string) => boolean;

interface Compiled {
  /** Patterns that can name a file (all but the trailing-slash ones). */
  readonly files: Matcher;
  /** Every pattern: any of them can name a folder. */
  readonly folders: Matcher;
  /** Trailing-slash patterns only. */
  readonly onlyFolders: Matcher;
}

export function pathFilter(include: readonly string[], exclude: readonly string[]): PathFilter {
  const inc = compile(include);
  const exc = compile(exclude);
  return {
    selectsFile: (rel) => {
      const path = matchable(rel);
      if (exc.files(path)) return false;
      // `--include 'sport/'` selects every file below a folder it matches; `sport/*` only the
      // files directly in sport (excluding a folder skips all below it, whatever the pattern).
      return include.length === 0 || inc.files(path) || ancestors(path).some(inc.onlyFolders);
    },
    skipsFolder: (rel) => exc.folders(matchable(rel)),
    insideSkippedFolder: (rel) => ancestors(matchable(rel)).some(exc.folders),
  };
}

// picomatch's own `basename` option is not used: it tests the name alone against every pattern,
// so a pattern with a slash never matched anything below the root.
function compile(patterns: readonly string[]): Compiled {
  const files: Matcher[] = [];
  const folders: Matcher[] = [];
  const onlyFolders: Matcher[] = [];
  for (const raw of patterns) {
    const folderOnly = /\/+$/.test(raw) && raw.replace(/\/+$/, '') !== '';
    // `./x` and `/x` are anchored at the root: the same as `x/...` relative to it.
    const anchored = /^\.?\//.test(raw);
    const pattern = raw.replace(/^(\.\/|\/)+/, '').replace(/\/+$/, '');
    if (pattern === '') continue;
    const test = picomatch(pattern, { dot: true });
    const matcher: Matcher =
      pattern.includes('/') || anchored ? test : (rel) => test(rel.slice(rel.lastIndexOf('/') + 1));
    folders.push(matcher);
    (folderOnly ? onlyFolders : files).push(matcher);
  }
  return { files: anyOf(files), folders: anyOf(folders), onlyFolders: anyOf(onlyFolders) };
}

function anyOf(matchers: readonly Matcher[]): Matcher {
  return matchers.length === 0 ? () => false : (rel) => matchers.some((m) => m(rel));
}

// Each folder a path lies in, outermost first ('a/b/c.txt' -> 'a', 'a/b').
function ancestors(rel: string): string[] {
  const out: string[] = [];
  for (let i = rel.indexOf('/'); i !== -1; i = rel.indexOf('/', i + 1)) out.push(rel.slice(0, i));
  return out;
}

// picomatch's regexes do not match line breaks; a stand-in keeps such names matchable.
function matchable(rel: string): string {
  return rel.replace(/[\n\r\u2028\u2029]/g, '\ufffd');
}
