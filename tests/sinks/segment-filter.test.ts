import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { audienceColumns } from '../../sinks/audience-columns.js';
import { compileQuery, selectRows } from '../../warehouse/query-builder.js';
import { compileFilter, SegmentFilter, SegmentFilterError } from '../../sinks/segment-filter.js';
import { sql } from 'kysely';
import { seedAudience, seedClv } from '../helpers/audience-fixture.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

const atRiskBigSpenders = {
  all: [
    { column: 'segment', op: 'eq', value: 'At Risk' },
    { column: 'predicted_clv', op: 'gt', value: 200 },
    { column: 'email_unsubscribed', op: 'eq', value: false },
  ],
};

function issues(input: unknown): string[] {
  const r = SegmentFilter.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

async function members(filter: unknown, name = 'test'): Promise<string[]> {
  const columns = await audienceColumns(t.warehouse);
  const where = compileFilter(SegmentFilter.parse(filter), columns, name);
  const rows = await selectRows<{ id: string }>(t.warehouse, sql`SELECT c.customer_id AS id FROM ${columns.from} WHERE ${where} ORDER BY 1`);
  return rows.map((r) => r.id);
}

describe('segment filter contract', () => {
  it('accepts nested all / any / not with typed conditions', () => {
    expect(issues({ any: [atRiskBigSpenders, { not: { column: 'phones', op: 'contains', value: '+1' } }] })).toEqual([]);
  });

  it('names the node and the operator when an operator is unknown', () => {
    expect(issues({ all: [{ column: 'segment', op: 'eq', value: 'x' }, { column: 'monetary', op: 'greater', value: 1 }] }))
      .toEqual([expect.stringMatching(/^all\.1\.op: unknown operator "greater": expected one of eq, ne, gt/)]);
  });

  it('rejects unknown shapes, empty lists, missing values and column names that are not plain identifiers', () => {
    expect(issues({ every: [] })).toEqual([expect.stringContaining('unrecognised filter with keys "every"')]);
    expect(issues({ any: [] })).toEqual(['any: expected at least one filter']);
    expect(issues({ column: 'monetary', op: 'gt' })).toEqual([expect.stringMatching(/^value: /)]);
    expect(issues({ column: 'monetary; DROP TABLE x', op: 'is_null' })).toEqual([expect.stringMatching(/^column: expected a column name/)]);
    expect(issues({ column: 'segment', op: 'in', value: [] })).toEqual([expect.stringMatching(/^value: /)]);
  });
});

describe('compileFilter', () => {
  it('compiles to SQL with quoted allow-listed columns and every value bound as a parameter', async () => {
    await seedAudience(t.warehouse, [{ id: 'a' }]);
    await seedClv(t.warehouse, []);
    const columns = await audienceColumns(t.warehouse);
    const compiled = compileQuery(compileFilter(SegmentFilter.parse(atRiskBigSpenders), columns, 'At Risk big spenders'));
    expect(compiled.sql).toBe('(coalesce("r"."segment" = $1, false) AND coalesce("v"."predicted_clv" > $2, false) AND coalesce("c"."email_unsubscribed" = $3, false))');
    expect(compiled.parameters).toEqual(['At Risk', 200, false]);
  });

  it('selects the members the filter describes, CLV columns included once clv_predictions exists', async () => {
    await seedAudience(t.warehouse, [
      { id: 'a', segment: 'At Risk' }, { id: 'b', segment: 'At Risk', unsubscribed: true }, { id: 'c', segment: 'At Risk' },
      { id: 'd', segment: 'Champions' }, { id: 'e', segment: null },
    ]);
    await seedClv(t.warehouse, [
      { id: 'a', clv: 250, churnRisk: 'high' }, { id: 'b', clv: 900, churnRisk: 'high' }, { id: 'c', clv: 150, churnRisk: 'low' }, { id: 'd', clv: 999, churnRisk: 'low' },
    ]);
    expect(await members(atRiskBigSpenders)).toEqual(['a']);
    expect(await members({ any: [{ column: 'churn_risk', op: 'in', value: ['high'] }, { column: 'segment', op: 'is_null' }] })).toEqual(['a', 'b', 'e']);
    // A condition on a missing value is false, so its negation is true: e has no RFM row.
    expect(await members({ not: { column: 'segment', op: 'eq', value: 'At Risk' } })).toEqual(['d', 'e']);
    expect(await members({ column: 'monetary', op: 'between', value: [100, 100] })).toEqual(['a', 'b', 'c', 'd']);
    expect(await members({ column: 'last_order_at', op: 'lt', value: '2026-02-01T12:00:00Z' })).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(await members({ column: 'emails', op: 'contains', value: 'c@example.com' })).toEqual(['c']);
  });

  it('says a CLV column needs clv_predictions while that table does not exist', async () => {
    await seedAudience(t.warehouse, [{ id: 'a' }]);
    await expect(members(atRiskBigSpenders, 'At Risk big spenders')).rejects.toThrow(SegmentFilterError);
    await expect(members(atRiskBigSpenders, 'At Risk big spenders')).rejects.toThrow(
      /segment "At Risk big spenders": invalid filter:\n {2}- where\.all\[1\]\.column: unknown column "predicted_clv": expected a column of customer_360, rfm_segments \(not in the warehouse yet: clv_predictions, customer_preferences\)/,
    );
  });

  it('names each value or operator that does not fit its column type', async () => {
    await seedAudience(t.warehouse, [{ id: 'a' }]);
    const bad = { all: [
      { column: 'monetary', op: 'gt', value: '200' },
      { column: 'segment', op: 'lt', value: 'B' },
      { column: 'email_bounced', op: 'eq', value: 'no' },
      { column: 'as_of', op: 'gte', value: 'last week' },
      { column: 'emails', op: 'eq', value: 'x' },
    ] };
    const error = await members(bad, 'Bad').catch((e: Error) => e.message);
    expect(error).toContain('where.all[0].value: "monetary" is DECIMAL(18,2): expected a number, got "200"');
    expect(error).toContain('where.all[1].op: "lt" needs a number, date or timestamp column; "segment" is VARCHAR');
    expect(error).toContain('where.all[2].value: "email_bounced" is BOOLEAN: expected true or false, got "no"');
    expect(error).toContain('where.all[3].value: "as_of" is DATE: expected an ISO date');
    expect(error).toContain('where.all[4].op: "eq" cannot compare "emails" (VARCHAR[]); use op "contains"');
  });

  it('treats hostile values as data: they match nothing and the tables stay intact', async () => {
    await seedAudience(t.warehouse, [{ id: 'a', segment: 'At Risk' }]);
    expect(await members({ column: 'segment', op: 'eq', value: "At Risk' OR 1=1; DROP TABLE customer_360; --" })).toEqual([]);
    const [n] = await t.warehouse.all<{ n: number }>('SELECT count(*) AS n FROM customer_360');
    expect(n?.n).toBe(1);
  });
});
