#!/usr/bin/env node
// The installed command: wires the real process to main() and exits with the code it returns.
import { main } from '../dist/src/cli/main.js';
import { processIo } from '../dist/src/cli/process-io.js';

const code = await main(process.argv.slice(2), processIo());
process.exitCode = code;
