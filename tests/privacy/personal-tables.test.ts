// Every table Rapport writes is either covered by the forget or declared free of identifiers; a new one must say which.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as contracts from '../../transforms/contracts/index.js';
import * as matchContracts from '../../transforms/contracts/match.js';
import { channels } from '../../sources/contracts/index.js';
import { createTableSql } from '../../sources/contracts/contract-sql.js';
import { personConditions, unclassifiedTables, warehouseTables, type TableColumns } from '../../privacy/personal-tables.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

/** Every model declaration exported by transforms/contracts, whether or not the daily pipeline builds it yet. */
function declaredModels(): TableColumns[] {
  const isModel = (v: unknown): v is { table: string; columns: Record<string, { type: string }> } =>
    typeof v === 'object' && v !== null && !Array.isArray(v) && 'table' in v && 'columns' in v;
  const personal = ['customer_id', 'surviving_id', 'absorbed_id', 'identity', 'linking_identity', 'linked_identity', 'refused_identity', 'raw', 'record_id', 'record_a', 'record_b'];
  return ([...Object.values(contracts), ...Object.values(matchContracts)] as unknown[]).filter(isModel).map((m) => {
    const cols = Object.entries(m.columns);
    return { table: m.table, personal: cols.map(([n]) => n).filter((n) => personal.includes(n)), text: cols.filter(([, c]) => c.type === 'VARCHAR').map(([n]) => n) };
  });
}

describe('personal tables', () => {
  // The tables a real daily run writes are checked on its warehouse in forget.test.ts.
  it('classifies every internal table, channel table and declared model', async () => {
    for (const c of Object.values(channels)) await t.warehouse.run(createTableSql(c));
    const tables = [...await warehouseTables(t.warehouse), ...declaredModels()];
    expect(tables.map((x) => x.table)).toEqual(expect.arrayContaining(['quarantine', 'pipeline_warnings', 'order_lines', 'customer_360', 'rfm_history', 'match_candidates']));
    expect(unclassifiedTables(tables, channels)).toEqual([]);
  });

  it('fails a new table that holds identifiers under columns it does not know', async () => {
    await t.warehouse.run('CREATE TABLE loyalty_cards (card_no VARCHAR, holder_email VARCHAR); CREATE TABLE loyalty_points (customer_id VARCHAR, points INTEGER)');
    const tables = await warehouseTables(t.warehouse);
    expect(unclassifiedTables(tables, channels)).toEqual(['loyalty_cards']);
    // A table keyed by customer_id is covered without listing it anywhere.
    expect(personConditions(tables.find((x) => x.table === 'loyalty_points')!)).toEqual(['"customer_id" IN (SELECT customer_id FROM privacy_ids)']);
  });
});
