// The extension point every connector implements: extract rows of one channel into staging batches.
import type { Channel } from './contracts/index.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import type { ObservedColumn } from './stage-mapped.js';

/** A record that could not even be split into fields (wrong column count, invalid JSON line, bad encoding). */
export interface Reject {
  readonly recordNo: number;
  readonly raw: string;
  readonly reason: string;
}

/** A finding about a batch that does not fail it (schema drift accepted, a field with no column); a run warning. */
export interface LoadWarning {
  /** Machine-readable kind: `schema-drift`, `missing-column`. */
  readonly kind: string;
  /** The source it is about. */
  readonly subject?: string;
  readonly message: string;
}

/**
 * One unit of extracted data, staged in a temporary warehouse table or view. Either it holds raw text:
 * `_record_no`, one VARCHAR column per contract field, and `_src_row` into the table `<stage>_src` (see
 * `mapToStage`), and the loader validates it; or it is `checked`: the output of `checkedSelect` (typed contract
 * fields, `_reason`, `_field`, `_fields`, `_raw`) with `_record_no`, validated while it was read (`stageFile`).
 * The loader merges it in one transaction.
 */
export interface StagedBatch {
  /** Where the rows came from: an absolute file path or a URL (without credentials). */
  readonly location: string;
  /** Temporary table holding the batch; the loader drops it and its `<stage>_src`. */
  readonly stage: string;
  /** Records that never reached the stage table; they go to quarantine. */
  readonly rejects: readonly Reject[];
  /** Content hash of a file; recorded so an unchanged file is not read again. */
  readonly fingerprint?: string;
  /** The source's watermark once this batch is committed; moves in the same transaction as the rows. */
  readonly cursor?: string;
  /** The stage already holds checked rows (see above). */
  readonly checked?: boolean;
  /** Optional contract fields the batch had no column for: a merge keeps the values already stored for them. */
  readonly absent?: readonly string[];
  /** The source's columns to record in `source_schemas` with this batch's rows (schema-drift state). */
  readonly schema?: readonly ObservedColumn[];
  /** Recorded as run warnings when the batch commits. */
  readonly warnings?: readonly LoadWarning[];
}

/** How one extract run chooses what to read: from the cursor (default), from a date, or everything. */
export interface ExtractMode {
  /** Ignore the cursor and file fingerprints: read everything again (rows merge on their natural key). */
  readonly fullRefresh: boolean;
  /** Backfill: read from this ISO date or date-time instead of the cursor minus lookback. */
  readonly since?: string;
}

/** What a source may use while extracting. */
export interface ExtractContext {
  readonly warehouse: Warehouse;
  readonly runId: string;
  /** The watermark committed by the last run of this source (undefined when none, or on a full refresh). */
  readonly cursor: string | undefined;
  readonly mode: ExtractMode;
  /** True when this exact content was loaded before for this source (so it can be skipped); false in full-refresh and since modes. */
  alreadyLoaded(location: string, fingerprint: string): Promise<boolean>;
  readonly log: (message: string) => void;
}

/** A configured source of one channel's rows. */
export interface Source {
  readonly name: string;
  readonly channel: Channel;
  /** Fail a batch (nothing loaded, cursor unchanged) when more than this share of its records is quarantined; default 0.5. */
  readonly quarantineLimit?: number;
  /** Yields staged batches in order; each is loaded (or fails) before the next one is read. */
  extract(ctx: ExtractContext): AsyncIterable<StagedBatch>;
}
