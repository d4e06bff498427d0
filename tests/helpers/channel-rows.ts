// Inserts fixture rows straight into a channel table (created from its contract), for transform tests.
import { createTableSql, contractColumns } from '../../sources/contracts/contract-sql.js';
import type { Channel } from '../../sources/contracts/index.js';
import type { SqlParam, Warehouse } from '../../warehouse/warehouse.js';
import { ident } from '../../warehouse/warehouse.js';

export async function insertRows(wh: Warehouse, channel: Channel, rows: readonly Record<string, SqlParam | undefined>[]): Promise<void> {
  await wh.run(createTableSql(channel));
  // A channel with free text also takes a fixture's `sentiment` (as if the loader had scored it).
  const cols = [...contractColumns(channel), ...(channel.sentiment ? [{ name: 'sentiment', duckdbType: 'DOUBLE' }] : [])];
  const names = [...cols.map((c) => ident(c.name)), '_source', '_location', '_record_no', '_run_id', '_loaded_at'];
  for (const [i, row] of rows.entries()) {
    const values = cols.map((c) => row[c.name] ?? null);
    const placeholders = cols.map((c, j) => `CAST($${j + 1} AS ${c.duckdbType === 'TIMESTAMP' ? 'TIMESTAMPTZ' : c.duckdbType})`);
    await wh.run(
      `INSERT INTO ${ident(channel.table)} (${names.join(', ')}) VALUES (${placeholders.join(', ')}, 'fixture', 'fixture', ${i + 1}, 'test', now())`,
      values,
    );
  }
}
