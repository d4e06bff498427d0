// `rapport init`: proposes a mapping from a shop's own column names and writes a config that runs as written.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { proposeMapping } from '../../cli/propose-mapping.js';
import { runCli } from '../helpers/cli-run.js';
import { spawnRapport } from '../helpers/spawn-process.js';

const orderFields = ['order_id', 'line_no', 'customer_ref', 'email', 'phone', 'status', 'currency', 'sku', 'quantity', 'unit_price', 'amount', 'ordered_at'];
const required = new Set(['order_id', 'line_no', 'status', 'currency', 'quantity', 'amount', 'ordered_at']);
const propose = (columns: string[], rows: Record<string, string>[] = []) =>
  proposeMapping(orderFields, columns, rows, { required, timeField: 'ordered_at', groupBy: 'order_id' });

describe('proposing a mapping', () => {
  it('maps columns by name and synonym, fills constants, numbers lines within an order, and reads ISO dates as they are', () => {
    expect(propose(['InvoiceNo', 'Qty', 'Price', 'Total', 'currency', 'created_at'], [{ created_at: '2026-01-02 10:00:00' }])).toEqual([
      { field: 'order_id', mapping: 'InvoiceNo' },
      { field: 'line_no', mapping: { sql: 'row_number() OVER (PARTITION BY "InvoiceNo" ORDER BY "InvoiceNo", "Qty", "Price", "Total", "currency", "created_at")' },
        check: 'no line-number column: lines are numbered within each InvoiceNo' },
      { field: 'customer_ref' }, { field: 'email' }, { field: 'phone' },
      { field: 'status', mapping: { sql: "'completed'" }, check: 'no status column: every order line counts as completed (refunds need a status)' },
      { field: 'currency' }, // same name: read as it is
      { field: 'sku' },
      { field: 'quantity', mapping: 'Qty' },
      { field: 'unit_price', mapping: 'Price' },
      { field: 'amount', mapping: 'Total' },
      { field: 'ordered_at', mapping: 'created_at' },
    ]);
  });

  it('converts day-first and month-first dates, telling them apart by a first part over 12', () => {
    const at = (values: string[]) => propose(['order_id', 'line_no', 'amount', 'Date'], values.map((Date) => ({ Date }))).at(-1);
    expect(at(['02.01.2026 10:00'])).toEqual({ field: 'ordered_at', mapping: { sql: `strftime(strptime("Date", '%d.%m.%Y %H:%M'), '%Y-%m-%dT%H:%M:%S')` },
      check: 'dates like "02.01.2026 10:00" read as day first (%d.%m.%Y %H:%M), in UTC' });
    expect(at(['01/02/2026', '13/02/2026'])?.mapping).toEqual({ sql: `strftime(strptime("Date", '%d/%m/%Y'), '%Y-%m-%dT%H:%M:%S')` });
    expect(at(['01/13/2026'])?.mapping).toEqual({ sql: `strftime(strptime("Date", '%m/%d/%Y'), '%Y-%m-%dT%H:%M:%S')` });
  });

  it('names a required field no column fits, listing the columns', () => {
    expect(propose(['Total', 'Date']).find((p) => p.field === 'order_id'))
      .toEqual({ field: 'order_id', check: 'required, but no column looks like it: map it to one of Total, Date' });
  });
});

describe('rapport init', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'rapport-init-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  it('writes a config for an orders file with its own column names that rapport run daily runs as written', async () => {
    await writeFile(path.join(dir, 'shop-orders.csv'), [
      'Order Number,Customer,E-Mail,Order Date,Total,Product',
      '1001,C1,ann@shop.test,02.01.2026 10:00,19.90,Mug', '1001,C1,ann@shop.test,02.01.2026 10:00,5.00,Spoon',
      '1002,C2,bob@shop.test,13.01.2026 09:30,42.00,Teapot', '1003,C1,ann@shop.test,20.02.2026 18:45,12.50,Mug',
    ].join('\n') + '\n');
    const r = await runCli(['init', '--orders', 'shop-orders.csv'], dir);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`wrote ${path.join(dir, 'rapport.config.ts')} for orders`);
    expect(r.out).toContain('orders.currency: no currency column: every order is taken to be in EUR; change it to yours');
    const config = await readFile(path.join(dir, 'rapport.config.ts'), 'utf8');
    expect(config).toContain("import { defineConfig } from 'rapport';");
    expect(config).toContain("warehouse: 'rapport.duckdb'");

    const run = spawnRapport(['run', 'daily', '--quiet', '--config', path.join(dir, 'rapport.config.ts')]);
    expect(await run.exited(90_000), run.lines.join('\n')).toBe(0);
    expect(run.stdout()).toContain('rows read 4, loaded 4, quarantined 0, duplicates merged 0');
    expect(run.stdout()).toContain('customers 2, segments'); // C1 and C2; the day after the latest order is the as-of
    expect(run.stdout()).toContain('as of 2026-02-21');

    expect((await runCli(['init', '--orders', 'shop-orders.csv'], dir)).err).toBe(`rapport: ${path.join(dir, 'rapport.config.ts')} exists; pass --force to overwrite it`);
  }, 120_000);
});
