// What bin/dedupe.js needs from the program, in one module: the bundle step (scripts/bundle-cli.mjs)
// starts from here, so the shipped command loads one file instead of ~90 modules (start-up).
// It must not run anything on import; bin/dedupe.js decides what runs.
export { currentHost, planHugePages, restart, watchParent } from './huge-pages.js';
export { main } from './main.js';
export { processIo } from './process-io.js';
export { userArguments } from './raw-argv.js';
