// The extension point every connector implements: extract rows of one channel into staging batches.
import type { Channel } from './contracts/index.js';
import type { Warehouse } from '../warehouse/warehouse.js';

/** A record that could not even be split into fields (wrong column count, invalid JSON line, bad encoding). */
export interface Reject {
  readonly recordNo: number;
  readonly raw: string;
  readonly reason: string;
}

/**
 * One unit of extracted data, staged in a temporary warehouse table whose columns are `_record_no`, one VARCHAR
 * column per contract field, and where the raw text comes from (`_src_row`/`_src_line` into the table
 * `<stage>_src`, see `mapToStage`, or a `_raw` column). The loader validates and merges it in one transaction.
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
  /** Yields staged batches in order; each is loaded (or fails) before the next one is read. */
  extract(ctx: ExtractContext): AsyncIterable<StagedBatch>;
}
