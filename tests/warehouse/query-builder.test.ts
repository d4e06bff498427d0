// Typed reads: Kysely queries over the models' DB interface compile to DuckDB SQL and run on the warehouse's connection.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import type { DB } from '../../transforms/contracts/index.js';
import { compileQuery, queryBuilder, selectRows } from '../../warehouse/query-builder.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

const db = queryBuilder<DB>();
let t: TempWarehouse;

beforeEach(async () => {
  t = await tempWarehouse();
  await t.warehouse.run(`CREATE TABLE rfm_segments AS SELECT * FROM (VALUES
    ('c1', 'Champions', 120.50::DECIMAL(18,2), DATE '2026-11-01'),
    ('c2', 'At Risk', 10.00::DECIMAL(18,2), DATE '2026-11-01'),
    ('c3', 'Champions', 99.99::DECIMAL(18,2), DATE '2026-11-01')) v(customer_id, segment, monetary, as_of)`);
});
afterEach(async () => { await t.dispose(); });

describe('queryBuilder over the models DB', () => {
  it('compiles to DuckDB SQL with $n placeholders and quoted names', () => {
    const query = db.selectFrom('rfm_segments').select(['customer_id', 'monetary']).where('segment', '=', 'Champions').orderBy('customer_id');
    const compiled = compileQuery(query);
    expect(compiled.sql).toBe('select "customer_id", "monetary" from "rfm_segments" where "segment" = $1 order by "customer_id"');
    expect(compiled.parameters).toEqual(['Champions']);
  });

  it('runs on the warehouse and returns rows typed by the declarations, values converted as wh.all converts them', async () => {
    const rows = await selectRows(t.warehouse, db.selectFrom('rfm_segments').select(['customer_id', 'monetary', 'as_of']).where('segment', '=', 'Champions').orderBy('customer_id'));
    expectTypeOf(rows).toEqualTypeOf<{ customer_id: string; monetary: number; as_of: string }[]>();
    expect(rows).toEqual([
      { customer_id: 'c1', monetary: 120.5, as_of: '2026-11-01' },
      { customer_id: 'c3', monetary: 99.99, as_of: '2026-11-01' },
    ]);
  });

  it('also runs a sql template, typed by its caller', async () => {
    const [row] = await selectRows<{ n: number }>(t.warehouse, sql`SELECT count(*) AS n FROM rfm_segments WHERE segment = ${'At Risk'}`);
    expect(row).toEqual({ n: 1 });
  });

  it('refuses, at type level, a column the model does not declare', () => {
    // @ts-expect-error: rfm_segments declares no column "segmnet"
    expect(compileQuery(db.selectFrom('rfm_segments').select('segmnet')).sql).toBe('select "segmnet" from "rfm_segments"');
  });
});
