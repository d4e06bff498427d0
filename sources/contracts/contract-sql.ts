// Derives DuckDB DDL and set-based validation SQL from a channel's zod contract, so bulk loads check
// exactly what the contract says without parsing rows one by one in JS.
import { z } from 'zod';
import type { Channel } from './channel.js';
import { ident, literal } from '../../warehouse/warehouse.js';

/** One contract field as the loader sees it. */
export interface ContractColumn {
  readonly name: string;
  readonly duckdbType: string;
  readonly required: boolean;
  /**
   * SQL expression that turns the trimmed, non-empty staged text `v` into the stored value, or NULL when it cannot
   * (a TRY_CAST): each value is parsed once, and that result serves both the checks and the stored column.
   */
  readonly tryCast: ((v: string) => string) | null;
  /** What a value that `tryCast` rejects should have been. */
  readonly castExpected: string;
  /**
   * Checks on a present value: a SQL condition that is true when the value is bad, and what was expected. `v` is
   * the staged text, `t` the `tryCast` result (known to be non-NULL when a check runs).
   */
  readonly checks: readonly { readonly failsWhen: (v: string, t: string) => string; readonly expected: string }[];
}

interface JsonProp {
  type?: string | string[];
  anyOf?: JsonProp[];
  enum?: string[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  duckdbType?: string;
  /** What a value outside `enum` should have been, when listing the values would not help (249 country codes). */
  expected?: string;
}

/** Reads the contract's JSON Schema (zod's own export, input side) into loader columns, in contract order. */
export function contractColumns(channel: Channel): ContractColumn[] {
  const schema = z.toJSONSchema(channel.schema, { io: 'input' }) as {
    properties: Record<string, JsonProp>;
    required?: string[];
  };
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties).map(([name, raw]) => column(name, unwrapNull(raw), required.has(name)));
}

function unwrapNull(p: JsonProp): JsonProp {
  if (p.anyOf) return p.anyOf.find((alt) => alt.type !== 'null') ?? {};
  if (Array.isArray(p.type)) return { ...p, type: p.type.find((t) => t !== 'null') };
  return p;
}

function column(name: string, p: JsonProp, required: boolean): ContractColumn {
  const checks: { failsWhen: (v: string, t: string) => string; expected: string }[] = [];
  let duckdbType = p.duckdbType ?? 'VARCHAR';
  let castExpected = '';
  if (p.type === 'integer') {
    duckdbType = p.duckdbType ?? 'BIGINT';
    castExpected = 'an integer';
    if (p.minimum !== undefined) checks.push({ failsWhen: (_v, t) => `${t} < ${p.minimum}`, expected: `a number >= ${p.minimum}` });
  } else if (p.type === 'number') {
    duckdbType = p.duckdbType ?? 'DOUBLE';
    castExpected = duckdbType.startsWith('DECIMAL') ? `a number that fits ${duckdbType}` : 'a number';
  } else if (p.type === 'boolean') {
    duckdbType = p.duckdbType ?? 'BOOLEAN';
    castExpected = 'true or false';
  }
  let tryCast: ContractColumn['tryCast'] = null;
  if (duckdbType === 'DATE') castExpected = 'a date as YYYY-MM-DD';
  if (duckdbType === 'TIMESTAMP') {
    castExpected = 'an ISO-8601 date and time';
    // Offsets are honoured, then stored as UTC: the instant's microseconds taken as a TIMESTAMP (a third of the
    // cost of timezone('UTC', ...), which goes through ICU for every row).
    tryCast = (v) => `make_timestamp(epoch_us(TRY_CAST(${v} AS TIMESTAMPTZ)))`;
  } else if (p.type === 'integer') {
    // DuckDB's cast rounds '1.5' to 2; the contract wants a whole number written as one.
    tryCast = (v) => `CASE WHEN regexp_full_match(${v}, '[+-]?[0-9]+') THEN TRY_CAST(${v} AS ${duckdbType}) END`;
  } else if (duckdbType !== 'VARCHAR') {
    tryCast = (v) => `TRY_CAST(${v} AS ${duckdbType})`;
  }
  if (p.enum) {
    const allowed = p.enum.map(literal).join(', ');
    checks.push({ failsWhen: (v) => `${v} NOT IN (${allowed})`, expected: p.expected ?? `one of ${p.enum.join(', ')}` });
  }
  if (p.pattern && duckdbType !== 'TIMESTAMP')
    checks.push({ failsWhen: (v) => `NOT regexp_full_match(${v}, ${literal(p.pattern!)})`, expected: `text matching ${p.pattern}` });
  if (p.minLength !== undefined && p.minLength > 1)
    checks.push({ failsWhen: (v) => `length(${v}) < ${p.minLength}`, expected: `at least ${p.minLength} characters` });
  if (p.maxLength !== undefined)
    checks.push({ failsWhen: (v) => `length(${v}) > ${p.maxLength}`, expected: `at most ${p.maxLength} characters` });
  return Object.freeze({ name, duckdbType, required, tryCast, castExpected, checks });
}

/** The column a channel with a {@link Channel.sentiment} declaration gets: -1 (negative) .. 1 (positive), NULL without text. */
export const sentimentColumn = 'sentiment';

/** Metadata columns every channel table carries: where each row came from. */
export const lineageColumns = `_source VARCHAR NOT NULL, _location VARCHAR NOT NULL, _record_no BIGINT NOT NULL,
  _run_id VARCHAR NOT NULL, _loaded_at TIMESTAMP NOT NULL`;

/**
 * `CREATE TABLE IF NOT EXISTS` for a channel's table, typed from its contract. The natural key is kept unique by
 * the loader's merge rather than by an index, which would slow bulk loads and hold memory at scale.
 */
export function createTableSql(channel: Channel): string {
  const cols = contractColumns(channel).map((c) => `${ident(c.name)} ${c.duckdbType}${c.required ? ' NOT NULL' : ''}`);
  if (channel.sentiment) cols.push(`${sentimentColumn} DOUBLE`); // scored by the loader after the merge (load/text-sentiment.ts)
  return `CREATE TABLE IF NOT EXISTS ${ident(channel.table)} (${cols.join(', ')}, ${lineageColumns})`;
}

/** A check on one field that runs before the contract's own (e.g. "a JSON object where text was expected"). */
export interface ExtraCheck {
  /** SQL condition, true when the value is bad. */
  readonly failsWhen: string;
  /** What the value should have been (the reason reads `expected <this>`). */
  readonly expected: string;
}

/**
 * A SELECT over a staging table (`_record_no`, one text column per contract field, any extra columns) that
 * validates and types in one pass. It returns the contract fields cast to their stored types (NULL on a bad row),
 * `_field` and `_reason` (NULL on a good row: otherwise every failing field and why), and for bad rows only
 * `_fields` (the staged text of the contract fields as a JSON object, what `rapport quarantine export` offers for
 * correction). Other staging columns (`_src_row`, `_raw`, ...) pass through. One pass, each value parsed once: at scale every
 * copy of a batch costs about as much as reading the file.
 */
export function checkedSql(channel: Channel, stage: string): string {
  return checkedSelect(channel, ident(stage));
}

/**
 * `nullif(trim(v), '')` that copies only the values trim would change. DuckDB's trim strips the Unicode space
 * separators (category Zs: the ASCII space and 16 others, none ASCII) and writes a new string for every value,
 * even one with nothing to strip: 1.7 of the 7 CPU seconds of staging 3M email rows. A value of ASCII only (as many
 * bytes as characters) that does not start or end with a space is already trimmed, so it is kept as it is.
 */
export function trimmedOrNull(v: string): string {
  return `CASE WHEN strlen(${v}) = length(${v}) AND NOT prefix(${v}, ' ') AND NOT suffix(${v}, ' ') THEN nullif(${v}, '') ELSE nullif(trim(${v}), '') END`;
}

/**
 * {@link checkedSql} over any FROM clause (a table, or a reader's subquery: then the rows go from the reader to
 * the checked rows in one statement). `extra` adds checks per field that run first; `raw` is an expression over
 * the FROM clause's columns kept as `_raw` for bad rows only (good rows never pay for a copy of their raw text).
 * Every text value is also refused when it holds a NUL character (`\u0000`): no downstream tool expects one.
 */
export function checkedSelect(channel: Channel, from: string, extra: Readonly<Record<string, readonly ExtraCheck[]>> = {}, raw?: string): string {
  const cols = contractColumns(channel);
  const text = (c: ContractColumn) => ident(c.name);
  const parsed = (c: ContractColumn) => ident(`_t_${c.name}`);
  const why = (c: ContractColumn) => ident(`_why_${c.name}`);
  // The trimmed, non-empty text of each field, computed once: NULL means missing.
  const present = (c: ContractColumn) => ident(`_v_${c.name}`);
  const byName = new Map(cols.map((c) => [c.name, c]));
  // A field's typed value for a row check: what the loader would store, NULL when missing or not parsed.
  const typedOf = (name: string) => {
    const c = byName.get(name);
    if (!c) throw new Error(`channel ${channel.name}: a row check names "${name}", which is not a field of its contract`);
    return c.tryCast ? parsed(c) : present(c);
  };
  const trimmed = cols.map((c) => `${trimmedOrNull(text(c))} AS ${present(c)}`);
  const parse = cols.filter((c) => c.tryCast).map((c) => `${c.tryCast!(present(c))} AS ${parsed(c)}`);
  const whys = cols.map((c) => {
    const v = text(c);
    const got = `', got ' || left(to_json(${v})::VARCHAR, 80)`;
    const failures = [
      ...(extra[c.name] ?? []).map((k) => `WHEN ${k.failsWhen} THEN ${literal('expected ' + k.expected)}`),
      `WHEN ${present(c)} IS NULL THEN ${c.required ? "'missing required field'" : 'NULL'}`,
      `WHEN strpos(${v}, chr(0)) > 0 THEN 'expected text without NUL characters (\\u0000)'`,
      ...(c.tryCast ? [`WHEN ${parsed(c)} IS NULL THEN ${literal('expected ' + c.castExpected)} || ${got}`] : []),
      ...c.checks.map((k) => `WHEN ${k.failsWhen(v, parsed(c))} THEN ${literal('expected ' + k.expected)} || ${got}`),
      ...(channel.rowChecks ?? []).filter((k) => k.field === c.name)
        .map((k) => `WHEN ${k.failsWhen(typedOf)} THEN ${literal('expected ' + k.expected)} || ${got}`),
    ];
    return `CASE ${failures.join(' ')} END AS ${why(c)}`;
  });
  // Good rows (nearly all) skip building the two lists.
  const anyWhy = `coalesce(${cols.map(why).join(', ')}) IS NOT NULL`;
  const fieldList = cols.map((c) => `CASE WHEN ${why(c)} IS NOT NULL THEN ${literal(c.name)} END`).join(', ');
  const reasonList = cols.map((c) => `${literal(c.name + ': ')} || ${why(c)}`).join(', ');
  const typed = cols.map((c) => `CASE WHEN _reason IS NULL THEN ${c.tryCast ? parsed(c) : present(c)} END AS ${ident(c.name)}`);
  const fields = `json_object(${cols.map((c) => `${literal(c.name)}, ${text(c)}`).join(', ')})::VARCHAR`;
  const helpers = [...cols.map(text), ...cols.map(present), ...cols.filter((c) => c.tryCast).map(parsed), ...cols.map(why)];
  const rawCol = raw === undefined ? '' : `, CASE WHEN _reason IS NOT NULL THEN ${raw} END AS _raw`;
  return `SELECT * EXCLUDE (${helpers.join(', ')}), ${typed.join(', ')}, CASE WHEN _reason IS NOT NULL THEN ${fields} END AS _fields${rawCol}
          FROM (SELECT *, CASE WHEN ${anyWhy} THEN nullif(concat_ws(', ', ${fieldList}), '') END AS _field,
                          CASE WHEN ${anyWhy} THEN nullif(concat_ws('; ', ${reasonList}), '') END AS _reason
                FROM (SELECT *, ${whys.join(', ')}
                      FROM (SELECT *${parse.length ? ', ' + parse.join(', ') : ''} FROM (SELECT *, ${trimmed.join(', ')} FROM ${from}))))`;
}
