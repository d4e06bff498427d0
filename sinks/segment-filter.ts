// The typed filter language of custom segments (its zod contract is in sink-config.ts): its check against the
// warehouse's columns, and its compilation to SQL in which every config value is a bound parameter.
import { sql, type RawBuilder } from 'kysely';
import { isoTime } from '../shared/dates.js';
import { RapportError } from '../shared/rapport-error.js';
import type { AudienceColumn, AudienceColumns } from './audience-columns.js';
import type { SegmentFilter } from './sink-config.js';

export { filterOps, SegmentFilter } from './sink-config.js';

/** Thrown when a filter does not fit the warehouse's columns; the message names the segment and each bad part. */
export class SegmentFilterError extends RapportError {
  override readonly name = 'SegmentFilterError';
}

/**
 * Checks a filter against the columns present now (the allow-list) and compiles it to a boolean SQL expression.
 * Columns become quoted references from the allow-list, values become `$n` parameters. A condition on a missing
 * value (NULL) is false, so `not` of it is true; test for missing values with `is_null`.
 * @throws SegmentFilterError naming `segment`, the path of every bad node (`where.all[1].column`) and why.
 * @example compileFilter({ column: 'segment', op: 'eq', value: 'At Risk' }, columns, 'At Risk big spenders');
 */
export function compileFilter(filter: SegmentFilter, columns: AudienceColumns, segment: string): RawBuilder<boolean> {
  const problems: string[] = [];
  const compiled = compileNode(filter, 'where', columns, problems);
  if (problems.length > 0) throw new SegmentFilterError(`segment ${JSON.stringify(segment)}: invalid filter:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return compiled;
}

function compileNode(node: SegmentFilter, at: string, columns: AudienceColumns, problems: string[]): RawBuilder<boolean> {
  if ('all' in node) return sql<boolean>`(${sql.join(node.all.map((n, i) => compileNode(n, `${at}.all[${i}]`, columns, problems)), sql` AND `)})`;
  if ('any' in node) return sql<boolean>`(${sql.join(node.any.map((n, i) => compileNode(n, `${at}.any[${i}]`, columns, problems)), sql` OR `)})`;
  if ('not' in node) return sql<boolean>`(NOT ${compileNode(node.not, `${at}.not`, columns, problems)})`;
  const col = columns.byName.get(node.column);
  if (!col) {
    problems.push(`${at}.column: unknown column "${node.column}": ${columns.describe(node.column)}`);
    return sql<boolean>`false`;
  }
  const ref = sql.ref(col.ref);
  const value = (v: string | number | boolean, i?: number): RawBuilder<unknown> => {
    const where = i === undefined ? `${at}.value` : `${at}.value[${i}]`;
    const problem = valueProblem(col, v);
    if (problem) problems.push(`${where}: ${problem}`);
    if (col.kind === 'date') return sql`CAST(${v} AS DATE)`;
    if (col.kind === 'timestamp') return sql`CAST(${v} AS TIMESTAMP)`;
    return sql`${v}`;
  };
  const ordered = () => {
    if (!['number', 'date', 'timestamp'].includes(col.kind)) problems.push(`${at}.op: "${node.op}" needs a number, date or timestamp column; "${col.name}" is ${col.type}`);
  };
  const scalarColumn = () => {
    if (col.kind === 'list' || col.kind === 'other') problems.push(`${at}.op: "${node.op}" cannot compare "${col.name}" (${col.type})${col.kind === 'list' ? '; use op "contains"' : ''}`);
  };
  // coalesce(…, false): a comparison with NULL is unknown, and unknown must not leak into `not` as "unknown".
  const known = (cmp: RawBuilder<unknown>) => sql<boolean>`coalesce(${cmp}, false)`;
  switch (node.op) {
    case 'eq': scalarColumn(); return known(sql`${ref} = ${value(node.value)}`);
    case 'ne': scalarColumn(); return known(sql`${ref} <> ${value(node.value)}`);
    case 'gt': ordered(); return known(sql`${ref} > ${value(node.value)}`);
    case 'gte': ordered(); return known(sql`${ref} >= ${value(node.value)}`);
    case 'lt': ordered(); return known(sql`${ref} < ${value(node.value)}`);
    case 'lte': ordered(); return known(sql`${ref} <= ${value(node.value)}`);
    case 'between': ordered(); return known(sql`${ref} BETWEEN ${value(node.value[0], 0)} AND ${value(node.value[1], 1)}`);
    case 'in':
    case 'not_in': {
      scalarColumn();
      const list = sql.join(node.value.map((v, i) => value(v, i)));
      return known(node.op === 'in' ? sql`${ref} IN (${list})` : sql`${ref} NOT IN (${list})`);
    }
    case 'contains':
      if (col.kind !== 'list') problems.push(`${at}.op: "contains" needs a list column such as emails or phones; "${col.name}" is ${col.type}`);
      return known(sql`list_contains(${ref}, ${node.value})`);
    case 'is_null': return sql<boolean>`(${ref} IS NULL)`;
    case 'not_null': return sql<boolean>`(${ref} IS NOT NULL)`;
  }
}

function valueProblem(col: AudienceColumn, v: string | number | boolean): string | undefined {
  const got = `got ${JSON.stringify(v)}`;
  switch (col.kind) {
    case 'number': return typeof v === 'number' ? undefined : `"${col.name}" is ${col.type}: expected a number, ${got}`;
    case 'boolean': return typeof v === 'boolean' ? undefined : `"${col.name}" is BOOLEAN: expected true or false, ${got}`;
    case 'text': return typeof v === 'string' ? undefined : `"${col.name}" is ${col.type}: expected a string, ${got}`;
    case 'date':
    case 'timestamp':
      return typeof v === 'string' && isoTime(v) !== undefined ? undefined : `"${col.name}" is ${col.type}: expected an ISO date such as "2026-01-31", ${got}`;
    default: return undefined;
  }
}
