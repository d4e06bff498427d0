// The extension point every connector implements: yield the data of one channel in batches, never touching the warehouse.
import type { Channel } from './contracts/index.js';
import type { FieldMapping } from './field-mapping.js';

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

/** A column as seen at the source, for schema-drift checks. */
export interface ObservedColumn {
  readonly name: string;
  readonly type: string;
}

/** What to do when a source's columns change: log it and go on (`evolve`), or fail naming them (`stop`). */
export type DriftPolicy = 'evolve' | 'stop';

export type FileFormat = 'csv' | 'ndjson' | 'json' | 'parquet';

/** A file the loader reads with DuckDB's own readers, straight into checked rows. */
export interface FileData {
  readonly kind: 'file';
  /** Absolute path; `.gz` and `.zst` are decompressed by the reader. */
  readonly path: string;
  readonly format: FileFormat;
  /** CSV only (default `,` and `"`). */
  readonly csv?: { readonly delimiter: string; readonly quote: string };
  /** Text encoding of CSV and NDJSON files (default UTF-8). */
  readonly encoding?: 'utf-8' | 'latin-1' | 'utf-16';
}

/** Rows whose every value is text (or null), as a database client returns them; bulk-appended, then checked. */
export interface TextRows {
  readonly kind: 'rows';
  /** Column names, in the order of each row's values. */
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | null)[])[];
}

/** JSON-like records (objects), read like the lines of an NDJSON file: record n is line n. */
export interface Records {
  readonly kind: 'records';
  readonly records: readonly unknown[];
}

/**
 * One unit of extracted data and what committing it means. The loader stages, checks and merges it in one
 * transaction together with its fingerprint, cursor and schema-drift state; bad records go to quarantine.
 */
export interface Batch {
  /** Where the rows came from: an absolute file path or a URL (without credentials). Recorded on every row. */
  readonly location: string;
  readonly data: FileData | TextRows | Records;
  /** Contract field -> source column or `{ sql }`; unmapped fields are read from the column of the same name. */
  readonly mapping?: Readonly<Record<string, FieldMapping>>;
  /** Records the connector itself could not split into fields, numbered as the batch's records are. */
  readonly rejects?: readonly Reject[];
  /** Added to the number of every record read from `data` (a batch that continues a run's numbering). */
  readonly firstRecordNo?: number;
  /** Content hash of a file; recorded so an unchanged file is not read again (`ExtractContext.alreadyLoaded`). */
  readonly fingerprint?: string;
  /** The file's size and modification time when it was fingerprinted, recorded beside it (`ExtractContext.untouched`). */
  readonly stamp?: FileStamp;
  /** The source's watermark once this batch is committed, when the connector knows it (moves with the rows). */
  readonly cursor?: string;
  /**
   * A contract field holding event times: the latest one among the batch's good rows advances the run's cursor
   * (which starts at the committed one), and the cursor reached is committed with the batch unless `holdCursor`.
   */
  readonly cursorFrom?: string;
  /** Fold this batch into the run's cursor but commit it only with a later batch (records need not come in time order). */
  readonly holdCursor?: boolean;
  /** Leave out rows whose event time is before this ISO date or date-time (`--since` over whole files). */
  readonly leaveOutBefore?: string;
  /** The source's columns (name and type) when the connector knows them; a file's are read by the loader. */
  readonly columns?: readonly ObservedColumn[];
  /**
   * The batch speaks for the source's layout (default true): its columns are checked for schema drift and
   * recorded, and optional fields it has no column for are warned about. A run's later pages or batches say false.
   */
  readonly describesSchema?: boolean;
}

/** A file's size in bytes and modification time (`fs.Stats.mtimeMs`, fractional milliseconds). */
export interface FileStamp {
  readonly size: number;
  readonly modifiedMs: number;
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
  readonly runId: string;
  /** The watermark committed by the last run of this source (undefined when none, or on a full refresh). */
  readonly cursor: string | undefined;
  readonly mode: ExtractMode;
  /**
   * True when this exact content was loaded before for this source (so it can be skipped); false in full-refresh and
   * since modes. With `stamp`, a match records it, so the next run's `untouched` check can skip the file unread.
   */
  alreadyLoaded(location: string, fingerprint: string, stamp?: FileStamp): Promise<boolean>;
  /**
   * True when a file was loaded for this source at `location` with exactly this size and modification time, so its
   * content need not be read to know it is unchanged (rsync's quick check); false in full-refresh and since modes.
   */
  untouched(location: string, stamp: FileStamp): Promise<boolean>;
  readonly log: (message: string) => void;
}

/** A configured source of one channel's rows. */
export interface Source {
  readonly name: string;
  readonly channel: Channel;
  /** Fail a batch (nothing loaded, cursor unchanged) when more than this share of its records is quarantined; default 0.5. */
  readonly quarantineLimit?: number;
  /** What a new, missing or retyped column does (default `evolve`). */
  readonly onSchemaDrift?: DriftPolicy;
  /** Yields batches in order; each is loaded (or fails) before the next one is asked for. */
  extract(ctx: ExtractContext): AsyncIterable<Batch>;
}
