// What every channel contract declares: its row schema, table and key, its identifiers, its customer_360 columns, its docs line.
import type { z } from 'zod';

/**
 * The kinds of identifier identity resolution knows. Emails and phones are normalised (`identity-config.ts`), an
 * account is trimmed, a handle is `platform:handle` (lower-cased, a leading `@` dropped).
 */
export const identifierKinds = ['email', 'phone', 'handle', 'account'] as const;
export type IdentifierKind = (typeof identifierKinds)[number];

/** One identifier a row carries: a field of the row, or a SQL expression over its fields, and its kind. */
export interface Identifier {
  readonly kind: IdentifierKind;
  /** A field name (quoted for you) or a DuckDB expression over the row's fields, e.g. `platform || ':' || handle`. */
  readonly value: string;
}

/** One column the channel adds to `customer_360`: an aggregate over one customer's rows of the channel. */
export interface Customer360Column {
  /** Column name in `customer_360`. */
  readonly name: string;
  /** Its DuckDB type (the value is cast to it, so the declaration is the truth). */
  readonly type: string;
  /** What it means, in one line (the data dictionary's text). */
  readonly meaning: string;
  /** SQL aggregate over the customer's rows before the as-of date, e.g. `count(*) FILTER (WHERE event_type = 'open')`. */
  readonly aggregate: string;
  /** The value for a customer with no rows in the channel (e.g. `0`, `false`); NULL when left out. */
  readonly absent?: string;
}

/**
 * A check across fields that a field's own contract cannot state (a survey score's range depends on the survey).
 * It runs after the field's own checks passed; a failing row is quarantined with the reason naming `field`.
 */
export interface RowCheck {
  /** The field the reason names. */
  readonly field: string;
  /** SQL condition, true when the row is bad; `typed(name)` is the SQL of a field's typed value (NULL when missing). */
  readonly failsWhen: (typed: (field: string) => string) => string;
  /** What the value should have been (the reason reads `expected <this>, got <value>`). */
  readonly expected: string;
}

/**
 * The free text of a channel whose sentiment the loader scores into the table's `sentiment` column (-1..1; NULL
 * without text, or for a row `when` leaves out).
 */
export interface SentimentText {
  /** The text field. */
  readonly text: string;
  /** SQL condition over the row's fields: only these rows are scored (support: the customer's own messages). */
  readonly when?: string;
}

/** What a channel contributes to `customer_360`. */
export interface Customer360Part {
  readonly columns: readonly Customer360Column[];
  /**
   * SQL aggregate of the time of a customer's latest interaction in this channel: the most recent one across
   * channels decides `preferred_channel` (the channel earlier in the registry wins ties) and `days_since_last_interaction`.
   */
  readonly lastInteraction: string;
  /**
   * Aggregate over these rows instead of the channel table: a relation built by customer-360.sql from the channel's
   * rows, already limited to the as-of date and the customers rebuilt, with a `customer_id` column (orders:
   * `order_values_new`, one row per order, so order counts and net values come out right).
   */
  readonly from?: string;
  /**
   * Groups one customer's rows of the channel into one row per record before the columns aggregate (support: a
   * conversation's first answer and status need all its messages): a SELECT over `rows` (the customer's rows, with
   * `_customer_id`) that keeps `_customer_id`. The columns and `lastInteraction` then aggregate over its output.
   */
  readonly perRecord?: (rows: string) => string;
  /**
   * SQL aggregates of the customer's latest scored sentiment in this channel and its time: customer_360's `sentiment`
   * is that of the latest across channels (channels with a {@link Channel.sentiment} text declare it).
   */
  readonly latestSentiment?: { readonly value: string; readonly at: string };
}

/** The contract of one channel (email, social, orders, ...). The row schema is the single source of truth. */
export interface Channel<S extends z.ZodObject = z.ZodObject, P extends Customer360Part = Customer360Part> {
  /** Channel name used in config (`channel: 'email'`). */
  readonly name: string;
  /** One line for the docs: what one row is. */
  readonly description: string;
  /** Warehouse table the validated rows are merged into. */
  readonly table: string;
  /** The row contract: field names, types, which are required. DuckDB DDL and validation SQL derive from it. */
  readonly schema: S;
  /** Fields that identify a row; re-reads are merged on them, so re-runs never duplicate. */
  readonly key: readonly (keyof z.infer<S> & string)[];
  /** The event time field, used for cursors, lookback windows and freshness. */
  readonly timeField: keyof z.infer<S> & string;
  /**
   * The record a row belongs to, as a field name or SQL expression (text): rows with the same record id are one record
   * (an order's lines), and a record's identifiers link to each other.
   */
  readonly recordId: string;
  /**
   * The identifiers a row carries. A record with two or more links them into one customer; a channel with only one
   * (email: the recipient) never links anything, and its records belong to that identifier's customer.
   */
  readonly identifiers: readonly Identifier[];
  /** The columns the channel adds to `customer_360` (their literal names and types reach `customer_360`'s declaration). */
  readonly customer360: P;
  /** Checks across fields, run by the loader after each field's own (none when left out). */
  readonly rowChecks?: readonly RowCheck[];
  /** Free text to score for sentiment (its table then has a `sentiment DOUBLE` column); none when left out. */
  readonly sentiment?: SentimentText;
}

/** {@link Customer360Part.latestSentiment} over a channel's own rows: the sentiment of the latest scored row, by `timeField`. */
export const latestSentiment = (timeField: string) => Object.freeze({
  value: `arg_max(sentiment, ${timeField}) FILTER (WHERE sentiment IS NOT NULL)`,
  at: `max(${timeField}) FILTER (WHERE sentiment IS NOT NULL)`,
});

/** Metadata on a field that tells the loader which DuckDB type to store it as, when JSON types are too coarse. */
export interface FieldMeta {
  readonly duckdbType?: string;
  /** What a value outside the field's enum should have been (the quarantine reason), instead of the list of values. */
  readonly expected?: string;
}

/**
 * Declares a channel contract (frozen); the generic keeps `key` and `timeField` checked against the schema.
 * @throws Error naming the channel when it declares no identifier or an identifier of an unknown kind.
 */
export function defineChannel<S extends z.ZodObject, const P extends Customer360Part>(channel: Channel<S, P>): Channel<S, P> {
  if (channel.identifiers.length === 0) throw new Error(`channel ${channel.name}: declares no identifier, so no record could belong to a customer`);
  for (const { kind } of channel.identifiers)
    if (!identifierKinds.includes(kind)) throw new Error(`channel ${channel.name}: identifier kind "${kind}", expected one of ${identifierKinds.join(', ')}`);
  for (const { field } of channel.rowChecks ?? [])
    if (!(field in channel.schema.shape)) throw new Error(`channel ${channel.name}: a row check names "${field}", which is not a field of its schema`);
  if (channel.sentiment && !(channel.sentiment.text in channel.schema.shape))
    throw new Error(`channel ${channel.name}: its sentiment text "${channel.sentiment.text}" is not a field of its schema`);
  return Object.freeze({
    ...channel,
    key: Object.freeze([...channel.key]),
    identifiers: Object.freeze(channel.identifiers.map((i) => Object.freeze({ ...i }))),
    customer360: Object.freeze({ ...channel.customer360, columns: Object.freeze(channel.customer360.columns.map((c) => Object.freeze({ ...c }))) }),
  });
}
