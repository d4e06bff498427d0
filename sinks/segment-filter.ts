// The typed filter language of custom segments: its zod contract, its check against the warehouse's columns, and
// its compilation to SQL in which every config value is a bound parameter.
import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import type { AudienceColumn, AudienceColumns } from './audience-columns.js';

const column = z.string().regex(/^[a-z_][a-z0-9_]*$/, 'expected a column name (lower-case letters, digits and "_")');
const scalar = z.union([z.string(), z.number().refine(Number.isFinite, 'expected a finite number'), z.boolean()], {
  error: 'expected a string, a number or a boolean',
});

/** The operators a condition may use. */
export const filterOps = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'between', 'in', 'not_in', 'contains', 'is_null', 'not_null'] as const;

const Condition = z.discriminatedUnion(
  'op',
  [
    z.object({ column, op: z.enum(['eq', 'ne', 'gt', 'gte', 'lt', 'lte']), value: scalar }).strict(),
    z.object({ column, op: z.literal('between'), value: z.tuple([scalar, scalar]) }).strict(),
    z.object({ column, op: z.enum(['in', 'not_in']), value: z.array(scalar).min(1) }).strict(),
    z.object({ column, op: z.literal('contains'), value: z.string() }).strict(),
    z.object({ column, op: z.enum(['is_null', 'not_null']) }).strict(),
  ],
  { error: (issue) => (issue.code === 'invalid_union' ? `unknown operator ${JSON.stringify((issue.input as { op?: unknown })?.op)}: expected one of ${filterOps.join(', ')}` : undefined) },
);

/** One test on one column, e.g. `{ column: 'predicted_clv', op: 'gt', value: 200 }`. */
export type FilterCondition = z.infer<typeof Condition>;
/** A filter: a condition, or `all` (and), `any` (or), `not` over filters. */
export type SegmentFilter = FilterCondition | { all: SegmentFilter[] } | { any: SegmentFilter[] } | { not: SegmentFilter };

const shapes = 'a filter is { all: [...] }, { any: [...] }, { not: {...} } or { column, op, value }';

/**
 * The zod contract of a filter. It dispatches on the node's key so that errors point at the node that is wrong
 * (a plain union would only say "invalid input" at the top).
 */
export const SegmentFilter: z.ZodType<SegmentFilter> = z.lazy(() =>
  z.unknown().superRefine((input, ctx) => {
    const schema = schemaFor(input);
    if (typeof schema === 'string') return void ctx.addIssue({ code: 'custom', message: schema });
    const result = schema.safeParse(input);
    for (const issue of result.error?.issues ?? []) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  }),
) as unknown as z.ZodType<SegmentFilter>;

const All = z.object({ all: z.array(SegmentFilter).min(1, 'expected at least one filter') }).strict();
const Any = z.object({ any: z.array(SegmentFilter).min(1, 'expected at least one filter') }).strict();
const Not = z.object({ not: SegmentFilter }).strict();

function schemaFor(input: unknown): z.ZodType | string {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return `expected an object: ${shapes}`;
  const keys = Object.keys(input);
  if (keys.includes('all')) return All;
  if (keys.includes('any')) return Any;
  if (keys.includes('not')) return Not;
  if (keys.includes('column') || keys.includes('op')) return Condition;
  return `unrecognised filter with keys ${keys.map((k) => JSON.stringify(k)).join(', ') || '(none)'}: ${shapes}`;
}

/** Thrown when a filter does not fit the warehouse's columns; the message names the segment and each bad part. */
export class SegmentFilterError extends Error {
  override readonly name = 'SegmentFilterError';
}

const isoDate = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

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
      return typeof v === 'string' && isoDate.test(v) ? undefined : `"${col.name}" is ${col.type}: expected an ISO date such as "2026-01-31", ${got}`;
    default: return undefined;
  }
}
