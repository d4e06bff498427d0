import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyExportFile, copyWritable, jsonLineSql } from '../../sinks/copy-export.js';
import { exportFormats, writeFormat, type ExportColumn } from '../../sinks/export-formats.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

const columns: ExportColumn[] = [
  { name: 'customer_id', type: 'VARCHAR', kind: 'text' },
  { name: 'note', type: 'VARCHAR', kind: 'text' },
  { name: 'phones', type: 'VARCHAR[]', kind: 'list' },
  { name: 'orders', type: 'BIGINT', kind: 'number' },
  { name: 'score', type: 'INTEGER', kind: 'number' },
  { name: 'monetary', type: 'DECIMAL(18,2)', kind: 'number' },
  { name: 'opted_in', type: 'BOOLEAN', kind: 'boolean' },
  { name: 'as_of', type: 'DATE', kind: 'date' },
  { name: 'last_order_at', type: 'TIMESTAMP', kind: 'timestamp' },
  { name: 'seen_at', type: 'TIMESTAMP WITH TIME ZONE', kind: 'timestamp' },
];

// Cells a spreadsheet would run, quotes, line breaks, non-ASCII, NULLs, negatives, huge and tiny numbers, sub-millisecond times.
const rows = `
  ('c1', '=SUM(A1)', ['+49 151 000', NULL, 'x"y'], -5, -1, -0.50, true, DATE '2026-03-01', TIMESTAMP '2026-02-01 10:00:00.123456', TIMESTAMPTZ '2026-02-01 23:30:00-05:00', NULL),
  ('c2', 'say "hi"' || chr(10) || 'bye' || chr(13) || chr(10) || 'é ü 😀 \\ /', [], 9007199254740993, 0, 100.00, false, DATE '1999-12-31', TIMESTAMP '1969-12-31 23:59:59.9999', NULL, NULL),
  ('c3', NULL, NULL, -9007199254740993, 2147483647, 12345678901.25, NULL, NULL, NULL, TIMESTAMPTZ '2026-01-01 00:00:00+00', NULL),
  ('c4', '-3', ['@home', '=x'], 0, NULL, 0.01, true, DATE '2026-03-01', TIMESTAMP '2026-03-01 00:00:00', NULL, NULL),
  ('c5', chr(9) || 'tab' || chr(13), ['a,b;c'], NULL, 7, NULL, false, DATE '2026-03-01', TIMESTAMP '2026-03-01 12:34:56.7', NULL, 'left out'),
  ('c0', '+left out', ['+1'], 1, 1, 1, true, DATE '2026-03-01', NULL, NULL, 'complained')`;

async function seed(extra = ''): Promise<void> {
  await t.warehouse.run(`CREATE TEMP TABLE m (__key VARCHAR, note VARCHAR, phones VARCHAR[], orders BIGINT, score INTEGER,
    monetary DECIMAL(18,2), opted_in BOOLEAN, as_of DATE, last_order_at TIMESTAMP, seen_at TIMESTAMPTZ, __reason VARCHAR);
    INSERT INTO m VALUES ${rows}${extra};
    ALTER TABLE m ADD COLUMN customer_id VARCHAR; UPDATE m SET customer_id = __key;`);
}

/** The same kept rows written by the JS writers, from the rows as the warehouse hands them to JS. */
async function jsFile(format: (typeof exportFormats)[number], file: string, bom: boolean): Promise<void> {
  const kept = await t.warehouse.all<Record<string, unknown>>('SELECT * FROM m WHERE __reason IS NULL ORDER BY __key');
  await writeFormat(t.warehouse, file, format, columns, kept.map((r) => Object.fromEntries(columns.map((c) => [c.name, r[c.name] ?? null]))), { bom });
}

describe('exports written by COPY', () => {
  for (const format of ['csv', 'json', 'ndjson', 'parquet'] as const) {
    it(`writes ${format} byte for byte as the JS writer does, formula cells, quotes, line breaks and all`, async () => {
      await seed();
      expect(copyWritable(format, columns)).toBe(true);
      for (const bom of format === 'csv' ? [false, true] : [false]) {
        const viaCopy = path.join(t.dir, `copy-${bom}.${format}`);
        const viaJs = path.join(t.dir, `js-${bom}.${format}`);
        expect(await copyExportFile(t.warehouse, 'm', viaCopy, format, columns, { bom })).toBe(true);
        await jsFile(format, viaJs, bom);
        const [a, b] = [await readFile(viaCopy), await readFile(viaJs)];
        expect(a.toString('utf8')).toBe(b.toString('utf8'));
        expect(a.equals(b)).toBe(true);
      }
    });
  }

  it('prints the member record as JSON.stringify prints the exported row', async () => {
    await seed();
    const fromSql = await t.warehouse.all<{ j: string }>(`SELECT ${jsonLineSql(columns)} AS j FROM m WHERE __reason IS NULL ORDER BY __key`);
    const kept = await t.warehouse.all<Record<string, unknown>>('SELECT * FROM m WHERE __reason IS NULL ORDER BY __key');
    expect(fromSql.map((r) => JSON.parse(r.j) as unknown)).toEqual(kept.map((r) => JSON.parse(JSON.stringify(
      Object.fromEntries(columns.map((c) => [c.name, r[c.name] ?? null])), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)))));
  });

  it('declines, writing nothing, when a value would print differently from JS', async () => {
    await seed(`, ('c6', 'vertical' || chr(11) || 'tab', NULL, 1, 1, 1, true, NULL, NULL, NULL, NULL)`);
    expect(await copyExportFile(t.warehouse, 'm', path.join(t.dir, 'x.ndjson'), 'ndjson', columns)).toBe(false);
    expect(await copyExportFile(t.warehouse, 'm', path.join(t.dir, 'x.csv'), 'csv', columns)).toBe(true); // CSV does not escape it
    await t.warehouse.run(`INSERT INTO m (__key, customer_id, monetary) VALUES ('c7', 'c7', 1234567890123456.78)`); // 18 digits: JS rounds it
    expect(await copyExportFile(t.warehouse, 'm', path.join(t.dir, 'y.csv'), 'csv', columns)).toBe(false);
    await expect(readFile(path.join(t.dir, 'y.csv'))).rejects.toThrow(/ENOENT/);
    expect(copyWritable('csv', [...columns, { name: 'p_alive', type: 'DOUBLE', kind: 'number' }])).toBe(false);
    expect(copyWritable('arrow', columns)).toBe(false);
  });
});
