// The JSON Lines report: one event per line (file, duplicate, error, warning, summary), schema
// version 1, documented in docs/json-format.md. Text that is not valid UTF-8 travels losslessly
// as base64 beside a display form, so every line parses and every byte can be recovered; so do
// file names that are not valid UTF-8.
import { isUtf8 } from 'node:buffer';
import type { LabelOf, Report, ReportOut } from './report.js';
import { fingerprintHex, placeLabel, placeLine } from './report.js';
import { fourDecimals, scoreFields } from './near-note.js';
import { isByteName, pathBytes, readablePath } from '../fs/fs-path.js';
import { showRawBytes } from './escape.js';

export const JSON_SCHEMA_VERSION = 1;

export function createJsonReport(out: ReportOut, labelOf: LabelOf): Report {
  const emit = (event: Record<string, unknown>): void => {
    out.write(`${JSON.stringify({ schema: JSON_SCHEMA_VERSION, ...event })}\n`);
  };
  return {
    beginSource(source) {
      return {
        removed(unit) {
          const d = unit.detail;
          emit({
            type: 'duplicate',
            ...pathFields('path', source.label),
            unit: unit.ordinal,
            startLine: unit.line,
            endLine: unit.endLine,
            offset: unit.offset,
            length: unit.length,
            key: fingerprintHex(d.fingerprint),
            ...pathFields('firstPath', placeLabel(d.first, labelOf)),
            firstLine: placeLine(d.first),
            ...(d.kept.kind === 'none' ? { keptPath: null } : pathFields('keptPath', placeLabel(d.kept, labelOf))),
            keptLine: placeLine(d.kept),
            identical: d.identical,
            match: d.near ? d.near.kind : 'exact',
            similarity: d.near ? fourDecimals(d.near.similarity) : 1,
            ...(d.near && {
              score: scoreFields(d.near.score),
              words: { kept: d.near.words.keptOnly, removed: d.near.words.removedOnly },
            }),
            // A near copy of a paragraph an earlier run kept: which index, and when that run committed it.
            ...(d.kept.kind === 'earlier-run' &&
              d.kept.earlier && {
                earlierRun: { index: labelOf('earlier-run'), committed: new Date(d.kept.earlier.timeMs).toISOString() },
              }),
            ...(unit.record ? { record: { line: unit.line, ...unit.record } } : {}),
            ...textFields(unit.bytes),
          });
        },
      };
    },
    endSource(source, tally) {
      emit({
        type: 'file',
        ...pathFields('path', source.label),
        encoding: source.encoding,
        bytes: tally.bytesIn,
        bytesOut: tally.bytesOut,
        units: tally.units,
        duplicates: tally.duplicates,
      });
    },
    problem(label, message, severity) {
      emit({ type: severity, ...pathFields('path', label), message: showRawBytes(message) });
    },
    finish(totals, context) {
      emit({
        type: 'summary',
        files: totals.read,
        changed: totals.changed,
        skipped: totals.skipped,
        failed: totals.failed,
        units: totals.units,
        duplicates: totals.duplicates,
        ...(totals.dropped > 0 ? { dropped: totals.dropped } : {}),
        bytesIn: totals.bytesIn,
        bytesOut: totals.bytesOut,
        keySpec: context.keySpec,
        unit: context.unit,
        scope: context.scope,
        keep: context.keep,
        hash: context.hash,
        hashBits: context.hashBits,
        ...(context.near && { near: context.near }),
      });
    },
  };
}

// A name that is not valid UTF-8 (fs/fs-path.ts) is shown with U+FFFD for its bad bytes, and its
// exact bytes go beside it in `<field>Base64`, as a line's do in `textBase64`.
export function pathFields(field: string, path: string): Record<string, string> {
  if (!isByteName(path)) return { [field]: path };
  return { [field]: readablePath(path), [`${field}Base64`]: pathBytes(path).toString('base64') };
}

// `text` is always a string; when the bytes are not valid UTF-8 it is a display form (U+FFFD for
// bad bytes) and `textBase64` holds the exact bytes.
function textFields(bytes: Uint8Array): Record<string, string> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (isUtf8(buffer)) return { text: buffer.toString('utf8') };
  return { text: buffer.toString('utf8'), textBase64: buffer.toString('base64') };
}
