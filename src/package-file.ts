// Files that ship beside the code (the near DF table in data/, the fingerprint worker's script) are
// found from the package root, so the same code finds them whether it runs as tsc wrote it
// (dist/src/...) or from the esbuild bundle (dist/bundle/...), whose depths differ.
import { existsSync } from './fs/lossless-fs.js';

let root: URL | undefined;

/** The URL of `relative` (e.g. 'data/near-df.bin') inside the installed package. */
export function packageFile(relative: string): URL {
  root ??= findRoot(new URL('.', import.meta.url));
  return new URL(relative, root);
}

// The nearest folder upwards that holds package.json: the package itself, from either layout.
function findRoot(from: URL): URL {
  for (let folder = from; ;) {
    if (existsSync(new URL('package.json', folder))) return folder;
    const parent = new URL('..', folder);
    if (parent.href === folder.href) throw new Error(`no package.json above ${from.pathname}`);
    folder = parent;
  }
}
