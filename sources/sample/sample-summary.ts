// Types of `generateSample`'s options and of the summary it returns: counts, paths and malformed rows by kind.

/** Options of `generateSample`. */
export interface SampleOptions {
  /** Number of persons (the population, not only buyers); an integer from 1 to 10,000,000. */
  readonly customers: number;
  /** Any safe integer; the same seed and options give byte-identical files. */
  readonly seed: number;
  /** Folder to write into (relative to the working directory); created if missing. Files of the same names are replaced. */
  readonly outDir: string;
  /** Last day of history, `YYYY-MM-DD` (UTC, inclusive); default `2026-10-31`. */
  readonly endDate?: string;
  /** History length in months, 1 to 240; default 24. */
  readonly months?: number;
}

/** Why a loader must quarantine a row; every malformed row has exactly one of these defects. */
export type MalformedKind =
  | 'wrong_column_count'
  | 'unparseable_timestamp'
  | 'missing_required_field'
  | 'non_numeric_amount'
  | 'unknown_event_type'
  | 'invalid_json';

/** Counts for one source file. */
export interface SampleFileSummary {
  /** Absolute path of the file. */
  readonly path: string;
  /** Data lines, without the header; includes duplicate and malformed lines. */
  readonly rows: number;
  /** Distinct records (event, interaction or order ids) with at least one well-formed row; their ground-truth rows. */
  readonly records: number;
  /** Extra, byte-identical copies of well-formed rows. */
  readonly duplicates: number;
  /** Malformed lines by kind; only the kinds this file can have are listed (possibly with 0). */
  readonly malformed: Readonly<Partial<Record<MalformedKind, number>>>;
}

/** What `generateSample` wrote. */
export interface SampleSummary {
  readonly outDir: string;
  readonly seed: number;
  readonly customers: number;
  readonly endDate: string;
  readonly months: number;
  /** First and last instant of the history window, ISO-8601 UTC. */
  readonly window: { readonly start: string; readonly end: string };
  /** Persons in total and per channel they have generated records in (before rows were malformed). */
  readonly people: { readonly total: number; readonly ordering: number; readonly emailed: number; readonly social: number };
  readonly files: {
    readonly emailEvents: SampleFileSummary;
    readonly socialInteractions: SampleFileSummary;
    readonly orders: SampleFileSummary;
    readonly groundTruth: { readonly path: string; readonly rows: number };
    /** support_messages.csv and survey_responses.csv (issue 17; not in `dataRows` nor the ground truth). */
    readonly supportMessages: { readonly path: string; readonly rows: number };
    readonly surveyResponses: { readonly path: string; readonly rows: number };
  };
  /** Data lines of the three source files together (ground truth excluded). */
  readonly dataRows: number;
}
