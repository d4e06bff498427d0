import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExportFormat } from '../../sinks/export-formats.js';
import { exportSegment } from '../../sinks/segment-export.js';
import { emailChannel, ordersChannel, socialChannel } from '../../sources/contracts/index.js';
import { buildCustomer360 } from '../../transforms/customer-360.js';
import { buildIdentities } from '../../transforms/identities.js';
import { buildRfmSegments } from '../../transforms/rfm-segments.js';
import { seedAudience, seedClv, type FixtureCustomer } from '../helpers/audience-fixture.js';
import { insertRows } from '../helpers/channel-rows.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

const atRisk: FixtureCustomer[] = [
  { id: 'a', segment: 'At Risk', monetary: 120.5, frequency: 3 },
  { id: 'b', segment: 'At Risk', unsubscribed: true },
  { id: 'c', segment: 'At Risk', bounced: true },
  { id: 'd', segment: 'At Risk', complained: true, unsubscribed: true },
  { id: 'e', segment: 'At Risk', email: null, phones: ['+447700900123'] },
  { id: 'f', segment: 'At Risk', monetary: 75, frequency: 1 },
  { id: 'g', segment: 'Champions' },
];

function csvRows(text: string): Record<string, string>[] {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

async function readBack(file: string, format: ExportFormat): Promise<Record<string, unknown>[]> {
  switch (format) {
    case 'csv': return csvRows(await readFile(file, 'utf8'));
    case 'json': return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>[];
    case 'ndjson': return (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    case 'arrow': return tableFromIPC(await readFile(file)).toArray().map((r) => r.toJSON() as Record<string, unknown>);
    case 'parquet': return t.warehouse.all(`SELECT * FROM read_parquet('${file}')`);
  }
}

describe('exportSegment', () => {
  it('leaves out complained, unsubscribed, bounced and email-less members of an email audience and says why', async () => {
    await seedAudience(t.warehouse, atRisk);
    const out = path.join(t.dir, 'at-risk.csv');
    const r = await exportSegment(t.warehouse, { segment: 'At Risk', out, format: 'csv' });
    expect(r.suppressed).toEqual({ unsubscribed: 1, bounced: 1, complained: 1, no_email: 1 });
    expect(r.suppressedText).toBe('4 left out: 1 complained, 1 unsubscribed, 1 bounced, 1 no email');
    const rows = csvRows(await readFile(out, 'utf8'));
    expect(rows.map((x) => [x.customer_id, x.primary_email, x.segment, x.monetary, x.frequency, x.as_of])).toEqual([
      ['a', 'a@example.com', 'At Risk', '120.5', '3', '2026-03-01'],
      ['f', 'f@example.com', 'At Risk', '75', '1', '2026-03-01'],
    ]);
    expect(Object.keys(rows[0]!)).toEqual(['customer_id', 'primary_email', 'segment', 'recency_days', 'frequency', 'monetary', 'r_score', 'f_score', 'm_score', 'as_of']);
  });

  it('keeps everyone with includeSuppressed, for non-email uses', async () => {
    await seedAudience(t.warehouse, atRisk);
    const out = path.join(t.dir, 'all.csv');
    const r = await exportSegment(t.warehouse, { segment: 'At Risk', out, format: 'csv', includeSuppressed: true });
    expect(r.suppressed).toEqual({});
    expect(csvRows(await readFile(out, 'utf8')).map((x) => x.customer_id)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  for (const format of ['csv', 'parquet', 'json', 'ndjson', 'arrow'] as const) {
    it(`writes ${format} that reads back with the same members and values`, async () => {
      await seedAudience(t.warehouse, atRisk);
      const out = path.join(t.dir, `at-risk.${format}`);
      await exportSegment(t.warehouse, { segment: 'at-risk', out, format, columns: ['customer_id', 'primary_email', 'monetary', 'frequency', 'last_order_at', 'as_of'] });
      const rows = await readBack(out, format);
      const norm = rows.map((x) => ({
        id: String(x.customer_id), email: String(x.primary_email), monetary: Number(x.monetary), frequency: Number(x.frequency),
        last: new Date(x.last_order_at as string | number | Date).toISOString(), asOf: x.as_of instanceof Date ? x.as_of.toISOString().slice(0, 10) : typeof x.as_of === 'number' ? new Date(x.as_of).toISOString().slice(0, 10) : String(x.as_of),
      }));
      expect(norm).toEqual([
        { id: 'a', email: 'a@example.com', monetary: 120.5, frequency: 3, last: '2026-02-01T10:00:00.000Z', asOf: '2026-03-01' },
        { id: 'f', email: 'f@example.com', monetary: 75, frequency: 1, last: '2026-02-01T10:00:00.000Z', asOf: '2026-03-01' },
      ]);
    });
  }

  it('keeps column types in Parquet and Arrow files', async () => {
    await seedAudience(t.warehouse, atRisk);
    const cols = ['customer_id', 'frequency', 'monetary', 'email_bounced', 'as_of', 'last_order_at', 'emails'];
    await exportSegment(t.warehouse, { segment: 'At Risk', out: path.join(t.dir, 'x.parquet'), format: 'parquet', columns: cols });
    const types = await t.warehouse.all<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM read_parquet('${path.join(t.dir, 'x.parquet')}')`);
    expect(types.map((x) => `${x.column_name}:${x.column_type}`)).toEqual([
      'customer_id:VARCHAR', 'frequency:BIGINT', 'monetary:DECIMAL(18,2)', 'email_bounced:BOOLEAN', 'as_of:DATE', 'last_order_at:TIMESTAMP', 'emails:VARCHAR[]',
    ]);
    await exportSegment(t.warehouse, { segment: 'At Risk', out: path.join(t.dir, 'x.arrow'), format: 'arrow', columns: cols });
    const table = tableFromIPC(await readFile(path.join(t.dir, 'x.arrow')));
    expect(table.schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual([
      'customer_id:Utf8', 'frequency:Int64', 'monetary:Float64', 'email_bounced:Bool', 'as_of:Date32<DAY>', 'last_order_at:Timestamp<MILLISECOND>', 'emails:List<Utf8>',
    ]);
    expect(table.get(0)?.toJSON().frequency).toBe(3n);
  });

  it('exports a custom segment over CLV columns', async () => {
    await seedAudience(t.warehouse, atRisk);
    await seedClv(t.warehouse, [{ id: 'a', clv: 150, churnRisk: 'high' }, { id: 'f', clv: 420, churnRisk: 'high' }, { id: 'g', clv: 999, churnRisk: 'low' }]);
    const out = path.join(t.dir, 'valuable.csv');
    const r = await exportSegment(t.warehouse, {
      segment: 'Valuable at risk', out, format: 'csv', columns: ['customer_id', 'predicted_clv', 'churn_risk'],
      customSegments: { 'Valuable at risk': { where: { all: [{ column: 'segment', op: 'eq', value: 'At Risk' }, { column: 'predicted_clv', op: 'gt', value: 200 }] } } },
    });
    expect(r.rows).toBe(1);
    expect(csvRows(await readFile(out, 'utf8'))).toEqual([{ customer_id: 'f', predicted_clv: '420', churn_risk: 'high' }]);
  });

  it('refuses unknown columns, and raw identifiers next to hashes, naming each', async () => {
    await seedAudience(t.warehouse, atRisk);
    const out = path.join(t.dir, 'x.csv');
    await expect(exportSegment(t.warehouse, { segment: 'At Risk', out, columns: ['customer_id', 'shoe_size'] }))
      .rejects.toThrow(/export of segment "At Risk": bad columns:\n {2}- unknown column "shoe_size": expected a column of customer_360, rfm_segments/);
    await expect(exportSegment(t.warehouse, { segment: 'At Risk', out, hashed: { platform: 'google' }, columns: ['email_sha256', 'primary_email'] }))
      .rejects.toThrow('"primary_email" is a raw identifier; a hashed export writes only email_sha256 and phone_sha256');
    await expect(exportSegment(t.warehouse, { segment: 'At Risk', out, columns: ['email_sha256'] }))
      .rejects.toThrow('"email_sha256" is only written by hashed exports');
    await expect(readFile(out)).rejects.toThrow(/ENOENT/);
  });
});

describe('exportSegment on tables built by the transforms', () => {
  it('exports an RFM segment and a custom segment over the real customer_360 and rfm_segments', async () => {
    const line = (order_id: string, email: string, amount: number, ordered_at: string, phone?: string) =>
      ({ order_id, line_no: 1, status: 'completed', currency: 'EUR', quantity: 1, email, amount, ordered_at, ...(phone ? { phone } : {}) });
    await insertRows(t.warehouse, ordersChannel, [
      line('o1', ' Ann@Example.com', 100, '2026-01-10T10:00:00Z', '+44 7700 900123'), line('o2', 'ann@example.com', 50, '2026-02-20T10:00:00Z'),
      line('o3', 'bob@example.com', 80, '2026-02-01T10:00:00Z'), line('o4', 'cy@example.com', 20, '2026-01-05T10:00:00Z'),
    ]);
    await insertRows(t.warehouse, emailChannel, [{ event_id: 'e1', event_type: 'unsubscribe', email: 'cy@example.com', occurred_at: '2026-02-02T09:00:00Z' }]);
    await insertRows(t.warehouse, socialChannel, []);
    await buildIdentities(t.warehouse);
    await buildCustomer360(t.warehouse, { asOf: '2026-03-01' });
    await buildRfmSegments(t.warehouse, { asOf: '2026-03-01' });
    const [seg] = await t.warehouse.all<{ segment: string }>(`SELECT segment FROM rfm_segments r JOIN customer_360 c USING (customer_id) WHERE c.primary_email = 'ann@example.com'`);
    const out = path.join(t.dir, 'ann.parquet');
    const r = await exportSegment(t.warehouse, { segment: seg!.segment, out, format: 'parquet' });
    const rows = await t.warehouse.all<Record<string, unknown>>(`SELECT primary_email, frequency, monetary::DOUBLE AS monetary FROM read_parquet('${out}')`);
    expect(rows).toEqual([{ primary_email: 'ann@example.com', frequency: 2, monetary: 150 }]);
    expect(r.rows).toBe(1);
    const custom = await exportSegment(t.warehouse, {
      segment: 'Repeat buyers', out: path.join(t.dir, 'repeat.csv'), format: 'csv', includeSuppressed: true, columns: ['primary_email', 'orders', 'phones'],
      customSegments: { 'Repeat buyers': { where: { any: [{ column: 'orders', op: 'gte', value: 2 }, { column: 'email_unsubscribed', op: 'eq', value: true }] } } },
    });
    expect(custom.rows).toBe(2);
    const back = csvRows(await readFile(path.join(t.dir, 'repeat.csv'), 'utf8'));
    expect(back.sort((a, b) => a.primary_email!.localeCompare(b.primary_email!))).toEqual([
      { primary_email: 'ann@example.com', orders: '2', phones: "'+447700900123" }, // a leading "+" is neutralised like any formula start
      { primary_email: 'cy@example.com', orders: '1', phones: '' },
    ]);
  });
});
