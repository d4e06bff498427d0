import { stat, utimes, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractAndLoad } from '../../load/load.js';
import { emailChannel, ordersChannel, socialChannel } from '../../sources/contracts/index.js';
import { fileSource } from '../../sources/file/index.js';
import { FileSourceConfig } from '../../sources/file/schema.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

const emailCsv = [
  'event_id,event_type,email,campaign_id,occurred_at,url',
  'e1,send, Ann@Example.com ,c1,2026-03-01T09:15:00+02:00,',
  'e2,open,ann@example.com,c1,2026-03-01T10:00:00Z,',
  'e3,teleport,bob@example.com,c1,2026-03-01T10:00:00Z,', // unknown event type
  'e4,click,bob@example.com,c1,2026-03-01T10:00:00Z,https://x.test/a,extra', // too many columns
  'e5,open,bob@example.com,c1,yesterday,', // bad timestamp
  ',open,bob@example.com,c1,2026-03-01T10:00:00Z,', // missing id
  'e2,open,ann@example.com,c1,2026-03-01T10:00:00Z,', // duplicate of e2
].join('\n');

function source(name: string, channel: typeof emailChannel | typeof ordersChannel | typeof socialChannel, config: object) {
  return fileSource(name, channel, FileSourceConfig.parse({ connector: 'file', channel: channel.name, ...config }), t.dir);
}

describe('extractAndLoad', () => {
  it('loads good rows, quarantines bad ones with file, record and reason, and accounts for every row', async () => {
    await t.files({ 'email.csv': emailCsv });
    const counts = await extractAndLoad(t.warehouse, source('esp', emailChannel, { path: 'email.csv', quarantineLimit: 1 }), 'run-1');
    expect(counts).toEqual({ read: 7, loaded: 2, quarantined: 4, duplicate: 1 });
    const rows = await t.warehouse.all<{ event_id: string; email: string; occurred_at: Date }>(
      'SELECT event_id, email, occurred_at FROM email_events ORDER BY event_id');
    expect(rows.map((r) => r.event_id)).toEqual(['e1', 'e2']);
    expect(rows[0]!.occurred_at.toISOString()).toBe('2026-03-01T07:15:00.000Z'); // offset honoured, stored as UTC
    const q = await t.warehouse.all<{ record_no: number; field: string | null; reason: string; location: string }>(
      'SELECT record_no, field, reason, location FROM quarantine ORDER BY record_no');
    expect(q.map((r) => [r.record_no, r.field])).toEqual([[3, 'event_type'], [4, null], [5, 'occurred_at'], [6, 'event_id']]);
    expect(q[0]!.reason).toContain('expected one of send');
    expect(q[0]!.reason).toContain('teleport');
    expect(q[1]!.reason).toMatch(/too many columns/i);
    expect(q[3]!.reason).toContain('missing required field');
    expect(q[0]!.location).toMatch(/email\.csv$/);
  });

  it('adds nothing when the same file is loaded again, and merges on the key when a file changes', async () => {
    const files = await t.files({ 'email.csv': emailCsv });
    const src = source('esp', emailChannel, { path: 'email.csv', quarantineLimit: 1 });
    await extractAndLoad(t.warehouse, src, 'run-1');
    const again = await extractAndLoad(t.warehouse, src, 'run-2');
    expect(again).toEqual({ read: 0, loaded: 0, quarantined: 0, duplicate: 0 });
    await t.files({ 'email.csv': emailCsv + '\ne9,open,cy@example.com,c1,2026-03-02T10:00:00Z,' });
    const changed = await extractAndLoad(t.warehouse, src, 'run-3');
    expect(changed).toEqual({ read: 8, loaded: 1, quarantined: 4, duplicate: 3 });
    const [{ n } = { n: -1 }] = await t.warehouse.all<{ n: number }>('SELECT count(*) AS n FROM email_events');
    expect(n).toBe(3);
    const [{ q } = { q: -1 }] = await t.warehouse.all<{ q: number }>('SELECT count(*) AS q FROM quarantine');
    expect(q).toBe(4);
    expect(files['email.csv']).toBeDefined();
  });

  it('skips a loaded file without reading it while its size and modification time are those recorded', async () => {
    const files = await t.files({ 'email.csv': emailCsv });
    const file = files['email.csv']!;
    const src = source('esp', emailChannel, { path: 'email.csv', quarantineLimit: 1 });
    const mtime = new Date('2026-03-02T08:00:00Z'); // whole milliseconds, which utimes can put back exactly
    await utimes(file, mtime, mtime);
    await extractAndLoad(t.warehouse, src, 'run-1');
    expect((await stat(file)).mtimeMs).toBe(mtime.getTime());
    // Same size, other bytes (e1 becomes e8), the old modification time put back: the quick check cannot tell, so the
    // file is not read (as rsync would not copy it). This is what makes a run over a long history cheap.
    await writeFile(file, emailCsv.replace('e1,send', 'e8,send'));
    await utimes(file, mtime, mtime);
    expect(await extractAndLoad(t.warehouse, src, 'run-2')).toEqual({ read: 0, loaded: 0, quarantined: 0, duplicate: 0 });
    // Touched (a new modification time): hashed, found changed, read whole and merged: e8 is new.
    await utimes(file, new Date(mtime.getTime() + 5000), new Date(mtime.getTime() + 5000));
    expect(await extractAndLoad(t.warehouse, src, 'run-3')).toEqual({ read: 7, loaded: 1, quarantined: 4, duplicate: 2 });
    // Touched again with the same bytes: hashed, unchanged, skipped; the new stamp is kept, so the next run does not hash.
    await utimes(file, new Date(mtime.getTime() + 9000), new Date(mtime.getTime() + 9000));
    const logged: string[] = [];
    const quiet = fileSource('esp', emailChannel, FileSourceConfig.parse({ connector: 'file', channel: 'email', path: 'email.csv', quarantineLimit: 1 }), t.dir);
    expect(await extractAndLoad(t.warehouse, quiet, 'run-4', (l) => logged.push(l))).toEqual({ read: 0, loaded: 0, quarantined: 0, duplicate: 0 });
    expect(await extractAndLoad(t.warehouse, quiet, 'run-5', (l) => logged.push(l))).toEqual({ read: 0, loaded: 0, quarantined: 0, duplicate: 0 });
    expect(logged.filter((l) => l.includes('email.csv'))).toEqual([
      expect.stringMatching(/email\.csv unchanged since it was loaded, skipped$/),
      expect.stringMatching(/email\.csv untouched since it was loaded \(same size and modification time\), skipped$/),
    ]);
  });

  it('quarantines a value the stored type cannot hold, and keeps the last of two rows with one key', async () => {
    const header = 'order_id,line_no,customer_ref,email,phone,status,currency,sku,quantity,unit_price,amount,ordered_at';
    await t.files({ 'orders.csv': [header,
      'o1,1,c1,a@x.test,,completed,EUR,s1,1,10.00,10.00,2026-03-01T10:00:00Z',
      'o2,1,c1,a@x.test,,completed,EUR,s1,1,1e30,1e30,2026-03-01T10:00:00Z', // numbers, but not DECIMAL(18,2)s
      'o3,1.5,c1,a@x.test,,completed,EUR,s1,1,10.00,10.00,2026-03-01T10:00:00Z', // not an integer
      'o1,1,c1,a@x.test,,completed,EUR,s1,2,10.00,20.00,2026-03-01T10:00:00Z', // corrects the first row
    ].join('\n') });
    const counts = await extractAndLoad(t.warehouse, source('shop', ordersChannel, { path: 'orders.csv' }), 'run-1');
    expect(counts).toEqual({ read: 4, loaded: 1, quarantined: 2, duplicate: 1 });
    const rows = await t.warehouse.all<{ quantity: number; amount: string; _record_no: number }>(
      'SELECT quantity, amount::VARCHAR AS amount, _record_no FROM order_lines');
    expect(rows).toEqual([{ quantity: 2, amount: '20.00', _record_no: 4 }]);
    const q = await t.warehouse.all<{ field: string; reason: string }>('SELECT field, reason FROM quarantine ORDER BY record_no');
    expect(q.map((r) => r.field)).toEqual(['unit_price, amount', 'line_no']);
    expect(q[0]!.reason).toContain('expected a number that fits DECIMAL(18,2), got "1e30"');
    expect(q[1]!.reason).toContain('expected an integer');
  });

  it('reads NDJSON line by line, quarantining a broken line with its line number', async () => {
    await t.files({
      's.ndjson': [
        '{"interaction_id":"s1","platform":"x","handle":"@Ann","kind":"mention","occurred_at":"2026-03-01T10:00:00Z"}',
        '{"interaction_id":"s2","platform":"x","handle":"@Bob",',
        '',
        '{"interaction_id":"s3","platform":"x","handle":"@Cy","kind":"follow","profile_phone":"+44 7700 900123","occurred_at":"2026-03-01 10:00:00"}',
      ].join('\n'),
    });
    const counts = await extractAndLoad(t.warehouse, source('social', socialChannel, { path: 's.ndjson' }), 'run-1');
    expect(counts).toEqual({ read: 3, loaded: 2, quarantined: 1, duplicate: 0 });
    const [q] = await t.warehouse.all<{ record_no: number; reason: string }>('SELECT record_no, reason FROM quarantine');
    expect(q).toEqual({ record_no: 2, reason: expect.stringContaining('invalid JSON') });
    const lines = await t.warehouse.all<{ interaction_id: string; _record_no: number }>(
      'SELECT interaction_id, _record_no FROM social_interactions ORDER BY 1');
    expect(lines).toEqual([{ interaction_id: 's1', _record_no: 1 }, { interaction_id: 's3', _record_no: 4 }]); // physical line numbers
  });

  it('quarantines many broken lines in one go, each with its record number, identical bytes each time (as counted)', async () => {
    const broken = Array.from({ length: 300 }, (_, i) => `b${i},send`); // every line lacks four columns
    await t.files({ 'email.csv': ['event_id,event_type,email,campaign_id,occurred_at,url', ...broken, 'b0,send'].join('\n') + '\n' });
    const counts = await extractAndLoad(t.warehouse, source('esp', emailChannel, { path: 'email.csv', quarantineLimit: 1 }), 'run-1');
    expect(counts).toEqual({ read: 301, loaded: 0, quarantined: 301, duplicate: 0 });
    const rows = await t.warehouse.all<{ n: number; first: number; last: number }>(
      'SELECT count(*) AS n, min(record_no) AS first, max(record_no) AS last FROM quarantine');
    expect(rows).toEqual([{ n: 301, first: 1, last: 301 }]); // line 301 repeats line 1's bytes: stored too, as counted
    const [reason] = await t.warehouse.all<{ reason: string }>('SELECT reason FROM quarantine WHERE record_no = 1');
    expect(reason).toEqual({ reason: 'missing columns: Expected Number of Columns: 6 Found: 2' }); // once, not once per missing column
  });

  it('numbers every row by its record in the file when records that do not split lie across many thousand rows', async () => {
    // Rejected records (two columns) at the first and last record, in runs, and around multiples of 2,048 rows;
    // each good row's id is its own record number, so the expected _record_no is written in the file itself.
    const rejected = new Set([1, 2, 3, 500, 2047, 2048, 2049, 2052, 4097, 4100, 4101, 6000, 9999, 10_000]);
    const records = Array.from({ length: 10_000 }, (_, i) => i + 1).map((n) =>
      rejected.has(n) ? `x${n},send` : `${n},send,a${n % 97}@example.com,c1,2026-03-01T10:00:00Z,`);
    await t.files({ 'email.csv': ['event_id,event_type,email,campaign_id,occurred_at,url', ...records].join('\n') + '\n' });
    const counts = await extractAndLoad(t.warehouse, source('esp', emailChannel, { path: 'email.csv' }), 'run-1');
    expect(counts).toEqual({ read: 10_000, loaded: 10_000 - rejected.size, quarantined: rejected.size, duplicate: 0 });
    const [check] = await t.warehouse.all<{ n: number; wrong: number }>(
      'SELECT count(*)::DOUBLE AS n, count(*) FILTER (WHERE _record_no <> event_id::BIGINT)::DOUBLE AS wrong FROM email_events');
    expect(check).toEqual({ n: 10_000 - rejected.size, wrong: 0 });
    const q = await t.warehouse.all<{ record_no: number }>('SELECT record_no FROM quarantine ORDER BY record_no');
    expect(q.map((r) => r.record_no)).toEqual([...rejected].sort((a, b) => a - b));
  });

  it('counts a CSV line with several missing columns as one quarantined record', async () => {
    await t.files({ 'email.csv': 'event_id,event_type,email,campaign_id,occurred_at,url\ne1,send\ne2,open,a@b.test,c1,2026-03-01T10:00:00Z,\n' });
    const counts = await extractAndLoad(t.warehouse, source('esp', emailChannel, { path: 'email.csv' }), 'run-1');
    expect(counts).toEqual({ read: 2, loaded: 1, quarantined: 1, duplicate: 0 });
    const rows = await t.warehouse.all<{ _record_no: number }>('SELECT _record_no FROM email_events');
    expect(rows).toEqual([{ _record_no: 2 }]);
  });

  it('maps renamed columns and SQL expressions onto the contract, straight from a gzip file', async () => {
    const { gzipSync } = await import('node:zlib');
    await t.files({
      'retail.csv.gz': gzipSync('InvoiceNo,Qty,Price,When,Mail\n536365,6,2.55,2010-12-01 08:26:00,a@b.test\nC536366,-1,2.00,2010-12-01 09:00:00,a@b.test\n'),
    });
    const counts = await extractAndLoad(t.warehouse, source('retail', ordersChannel, {
      path: 'retail.csv.gz',
      mapping: {
        order_id: 'InvoiceNo', email: 'Mail', ordered_at: 'When', quantity: 'Qty', unit_price: 'Price',
        line_no: { sql: '1' }, currency: { sql: "'GBP'" },
        amount: { sql: 'CAST(Qty AS DOUBLE) * CAST(Price AS DOUBLE)' },
        status: { sql: "CASE WHEN InvoiceNo LIKE 'C%' THEN 'cancelled' ELSE 'completed' END" },
      },
    }), 'run-1');
    expect(counts.loaded).toBe(2);
    const rows = await t.warehouse.all<{ order_id: string; amount: number; status: string }>(
      'SELECT order_id, amount, status FROM order_lines ORDER BY order_id');
    expect(rows).toEqual([
      { order_id: '536365', amount: 15.3, status: 'completed' },
      { order_id: 'C536366', amount: -2, status: 'cancelled' },
    ]);
  });

  it('names the file and the missing column when a required field has nowhere to come from', async () => {
    await t.files({ 'bad.csv': 'event_id;event_type;email;occurred_at\ne1;send;a@b.test;2026-01-01T00:00:00Z\n' });
    await expect(extractAndLoad(t.warehouse, source('esp', emailChannel, { path: 'bad.csv' }), 'run-1'))
      .rejects.toThrow(/^source esp: \S+bad\.csv: 4 required fields have no column to come from: "event_id".*is the delimiter ";"\? set csv\.delimiter/);
  });
});
