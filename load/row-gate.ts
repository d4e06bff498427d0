// The one hook where rows land: a gate that may drop staged rows before they are counted, quarantined or merged.
import type { Channel } from '../sources/contracts/index.js';
import type { Reject } from '../sources/source.js';
import type { Warehouse } from '../warehouse/warehouse.js';

/**
 * Drops rows of one staged batch before the loader counts, quarantines or merges them. `table` is a temp table of
 * the channel's typed contract fields plus `_reason` (NULL when the row is good) and `_raw` or `_fields` (the record's
 * text); the gate deletes from it and returns how many it deleted, and which `rejects` (records that never reached
 * staging) to keep. The loader knows nothing about why: the privacy stage's tombstones are the one gate today
 * (`privacy/tombstone-gate.ts`, wired in by `pipelines/`), so a forgotten person is not loaded again.
 */
export type RowGate = (
  wh: Warehouse,
  channel: Channel,
  table: string,
  rejects: readonly Reject[],
) => Promise<{ readonly dropped: number; readonly rejects: readonly Reject[] }>;
