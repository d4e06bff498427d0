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
  /** SQL expression that turns the staged text value into the stored value. */
  readonly cast: (v: string) => string;
  /** Checks on a present value: a SQL condition that is true when the value is bad, and what was expected. */
  readonly checks: readonly { readonly failsWhen: (v: string) => string; readonly expected: string }[];
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
  const checks: { failsWhen: (v: string) => string; expected: string }[] = [];
  let duckdbType = p.duckdbType ?? 'VARCHAR';
  let cast = (v: string) => v;
  if (p.type === 'integer') {
    duckdbType = p.duckdbType ?? 'BIGINT';
    checks.push({ failsWhen: (v) => `TRY_CAST(trim(${v}) AS BIGINT) IS NULL`, expected: 'an integer' });
    if (p.minimum !== undefined)
      checks.push({ failsWhen: (v) => `TRY_CAST(trim(${v}) AS BIGINT) < ${p.minimum}`, expected: `a number >= ${p.minimum}` });
  } else if (p.type === 'number') {
    duckdbType = p.duckdbType ?? 'DOUBLE';
    checks.push({ failsWhen: (v) => `TRY_CAST(trim(${v}) AS DOUBLE) IS NULL`, expected: 'a number' });
  }
  if (duckdbType === 'TIMESTAMP') {
    checks.push({ failsWhen: (v) => `TRY_CAST(trim(${v}) AS TIMESTAMPTZ) IS NULL`, expected: 'an ISO-8601 date and time' });
    cast = (v) => `timezone('UTC', CAST(trim(${v}) AS TIMESTAMPTZ))`; // offsets are honoured, then stored as UTC
  } else if (duckdbType !== 'VARCHAR') {
    cast = (v) => `CAST(trim(${v}) AS ${duckdbType})`;
  }
  if (p.enum) {
    const allowed = p.enum.map(literal).join(', ');
    checks.push({ failsWhen: (v) => `${v} NOT IN (${allowed})`, expected: `one of ${p.enum.join(', ')}` });
  }
  if (p.pattern && duckdbType !== 'TIMESTAMP')
    checks.push({ failsWhen: (v) => `NOT regexp_full_match(${v}, ${literal(p.pattern!)})`, expected: `text matching ${p.pattern}` });
  if (p.minLength !== undefined && p.minLength > 1)
    checks.push({ failsWhen: (v) => `length(${v}) < ${p.minLength}`, expected: `at least ${p.minLength} characters` });
  if (p.maxLength !== undefined)
    checks.push({ failsWhen: (v) => `length(${v}) > ${p.maxLength}`, expected: `at most ${p.maxLength} characters` });
  return Object.freeze({ name, duckdbType, required, cast, checks });
}

/** Metadata columns every channel table carries: where each row came from. */
export const lineageColumns = `_source VARCHAR NOT NULL, _location VARCHAR NOT NULL, _record_no BIGINT NOT NULL,
  _run_id VARCHAR NOT NULL, _loaded_at TIMESTAMP NOT NULL`;

/**
 * `CREATE TABLE IF NOT EXISTS` for a channel's table, typed from its contract. The natural key is kept unique by
 * the loader's merge rather than by an index, which would slow bulk loads and hold memory at scale.
 */
export function createTableSql(channel: Channel): string {
  const cols = contractColumns(channel).map((c) => `${ident(c.name)} ${c.duckdbType}${c.required ? ' NOT NULL' : ''}`);
  return `CREATE TABLE IF NOT EXISTS ${ident(channel.table)} (${cols.join(', ')}, ${lineageColumns})`;
}

/**
 * A SELECT over a staging table (text columns named after contract fields, plus `_record_no` and `_raw`)
 * that adds `_field` and `_reason`: NULL for a good row, otherwise every failing field and why.
 */
export function validationSql(channel: Channel, stage: string): string {
  const reasons: string[] = [];
  const fields: string[] = [];
  for (const c of contractColumns(channel)) {
    const v = ident(c.name);
    const missing = `(${v} IS NULL OR trim(${v}) = '')`;
    const failures = [
      ...(c.required ? [`WHEN ${missing} THEN 'missing required field'`] : [`WHEN ${missing} THEN NULL`]),
      ...c.checks.map((k) => `WHEN ${k.failsWhen(v)} THEN 'expected ${k.expected.replaceAll("'", "''")}, got ' || left(to_json(${v})::VARCHAR, 80)`),
    ];
    const why = `CASE ${failures.join(' ')} END`;
    reasons.push(`${literal(c.name + ': ')} || (${why})`);
    fields.push(`CASE WHEN (${why}) IS NOT NULL THEN ${literal(c.name)} END`);
  }
  return `SELECT *, nullif(concat_ws(', ', ${fields.join(', ')}), '') AS _field,
                  nullif(concat_ws('; ', ${reasons.join(', ')}), '') AS _reason
          FROM ${ident(stage)}`;
}

/** The typed column list for inserting validated staging rows into the channel table. */
export function typedSelectList(channel: Channel): string {
  return contractColumns(channel)
    .map((c) => `${c.cast(`nullif(trim(${ident(c.name)}), '')`)} AS ${ident(c.name)}`)
    .join(', ');
}
