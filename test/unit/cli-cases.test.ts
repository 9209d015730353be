// The CLI cases of fixtures/cases/cli-cases.json in-process, through main() with a memory Io: the
// fast tier's view of the same table the e2e tier runs through the binary.
import { runInProcess } from '../helpers/cli.js';
import { runCliCases } from '../helpers/cases.js';

runCliCases('in-process', runInProcess);
