// Issue 20, many small files, in-process: a folder of 300 small files of every kind gives the same
// stdout, stderr and exit code whether its small plain files are judged without an await
// (whole-source.ts: one router and one splitter begun again per file) or every file is streamed
// through the awaiting path (a window smaller than any file), walked or named one by one.
import { runInProcess } from '../helpers/cli.js';
import { manySmallFilesTests } from '../helpers/many-small-files-tests.js';

manySmallFilesTests(runInProcess);
