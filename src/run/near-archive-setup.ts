// Connects --near to --index: the near records of the index's earlier runs for the matcher, and
// each input's new records for its frame (none for a read-only index). The record format is the
// index store's, the matching and the key compression near's; this module only joins them.
import { createNearRecordWriter, forEachNearRecord } from '../index-store/index.js';
import { createNearArchive, nearSpec, type NearArchive } from '../near/archive-candidates.js';
import { NEAR_SHAPE } from '../near/near-shape.js';
import { NEAR_SCORE_VERSION, type NearScoreName } from '../near/near-score.js';
import { shippedKeyCodec } from '../near/key-codec.js';
import type { IndexSession } from './index-session.js';

export function openNearArchive(
  session: IndexSession,
  index: { readonly readonly: boolean },
  score: NearScoreName,
  keySpec: string,
): NearArchive {
  const codec = shippedKeyCodec();
  const records = createNearRecordWriter();
  const archive = createNearArchive(
    session.file,
    nearSpec(NEAR_SCORE_VERSION[score], NEAR_SHAPE, keySpec, codec),
    NEAR_SHAPE,
    { forEach: forEachNearRecord, add: records.add, take: records.take },
    { writes: !index.readonly, codec },
  );
  session.attachNear(() => archive.take());
  return archive;
}
