import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load-config.js';
import { extractAndLoad } from '../../load/load.js';
import { extractStep } from '../../pipelines/steps.js';
import { emailChannel, ordersChannel, socialChannel } from '../../sources/contracts/index.js';
import { fileSource } from '../../sources/file/index.js';
import { FileSourceConfig } from '../../sources/file/schema.js';
import type { LoadWarning } from '../../sources/source.js';
import { stepContext } from '../helpers/step-context.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

type AnyChannel = typeof emailChannel | typeof ordersChannel | typeof socialChannel;
function load(name: string, channel: AnyChannel, config: object, run: string, warnings: LoadWarning[] = []) {
  const source = fileSource(name, channel, FileSourceConfig.parse({ connector: 'file', channel: channel.name, ...config }), t.dir);
  return extractAndLoad(t.warehouse, source, run, () => {}, { fullRefresh: false }, () => {}, (w) => warnings.push(w));
}
const failure = (p: Promise<unknown>) => p.then(() => '', (e: Error) => e.message);
const cell = async <T>(sql: string) => Object.values((await t.warehouse.all<Record<string, T>>(sql))[0] ?? {})[0];

const orderHeader = 'order_id,line_no,customer_ref,email,phone,status,currency,sku,quantity,unit_price,amount,ordered_at';
const orderRows = Array.from({ length: 6 }, (_, i) => `o${i},1,c${i},p${i}@x.test,,completed,EUR,s${i},1,10.00,10.00,2026-03-0${i + 1}T10:00:00Z`);

describe('a missing or renamed optional column', () => {
  it('says a file has no column for an optional field once, when its columns are first seen, not on every later load', async () => {
    const header = orderHeader.replace(',phone,', ',');
    const rows = orderRows.map((r) => r.replace('.test,,', '.test,'));
    await t.files({ 'orders.csv': [header, ...rows.slice(0, 3)].join('\n') + '\n' });
    const first: LoadWarning[] = [];
    await load('shop', ordersChannel, { path: 'orders.csv' }, 'run-1', first);
    expect(first.map((w) => w.kind)).toEqual(['missing-column']);
    expect(first[0]!.message).toMatch(/has no column for the optional field "phone"/);
    await t.files({ 'orders.csv': [header, ...rows].join('\n') + '\n' }); // three more rows, the same columns
    const later: LoadWarning[] = [];
    expect(await load('shop', ordersChannel, { path: 'orders.csv' }, 'run-2', later)).toEqual({ read: 6, loaded: 3, quarantined: 0, duplicate: 3 });
    expect(later).toEqual([]);
  });

  it('keeps the stored values when a re-extracted file renamed a column, and says so as a warning', async () => {
    await t.files({ 'orders.csv': [orderHeader, ...orderRows].join('\n') + '\n' });
    await load('shop', ordersChannel, { path: 'orders.csv' }, 'run-1');
    // The same rows again, the email column renamed and one amount corrected.
    const renamed = [orderHeader.replace(',email,', ',email_addr,'), ...orderRows.map((r, i) => (i === 0 ? r.replace(',10.00,2026', ',12.00,2026') : r))];
    await t.files({ 'orders.csv': renamed.join('\n') + '\n' });
    const warnings: LoadWarning[] = [];
    const counts = await load('shop', ordersChannel, { path: 'orders.csv' }, 'run-2', warnings);
    expect(counts).toEqual({ read: 6, loaded: 0, quarantined: 0, duplicate: 6 });
    const rows = await t.warehouse.all<{ order_id: string; email: string | null; amount: string; _run_id: string }>(
      'SELECT order_id, email, amount::VARCHAR AS amount, _run_id FROM order_lines ORDER BY order_id');
    expect(rows.map((r) => r.email)).toEqual(orderRows.map((_, i) => `p${i}@x.test`)); // not wiped to NULL
    expect(rows[0]!.amount).toBe('12.00'); // the columns it did have are merged
    expect(new Set(rows.map((r) => r._run_id))).toEqual(new Set(['run-2'])); // lineage says which run wrote each row last
    expect(warnings.map((w) => w.kind)).toEqual(['schema-drift', 'missing-column']);
    expect(warnings[0]!.message).toMatch(/new column "email_addr".*missing column "email"/);
    expect(warnings[1]!.message).toMatch(/no column for the optional field "email": new rows get NULL there, rows already loaded keep their values/);
  });

  it('still reads a JSON key that only records past the first 10,000 lines have', async () => {
    const line = (i: number, url?: string) => JSON.stringify({ event_id: `e${i}`, event_type: 'click', email: 'a@b.test', occurred_at: '2026-01-01T00:00:00Z', ...(url ? { url } : {}) });
    await t.files({ 'e.ndjson': [...Array.from({ length: 10_000 }, (_, i) => line(i)), line(10_000, 'https://x.test/late')].join('\n') + '\n' });
    await load('esp', emailChannel, { path: 'e.ndjson' }, 'run-1');
    expect(await t.warehouse.all("SELECT event_id, url FROM email_events WHERE url IS NOT NULL")).toEqual([{ event_id: 'e10000', url: 'https://x.test/late' }]);
  });

  it('fails the source under onSchemaDrift "stop", changing nothing', async () => {
    await t.files({ 'orders.csv': [orderHeader, ...orderRows].join('\n') + '\n' });
    await load('shop', ordersChannel, { path: 'orders.csv', onSchemaDrift: 'stop' }, 'run-1');
    await t.files({ 'orders.csv': [orderHeader.replace(',email,', ',email_addr,'), ...orderRows].join('\n') + '\n' });
    expect(await failure(load('shop', ordersChannel, { path: 'orders.csv', onSchemaDrift: 'stop' }, 'run-2'))).toMatch(/missing column "email"/);
    expect(await cell('SELECT count(email) FROM order_lines')).toBe(6);
  });

  it('warns on a fresh warehouse when the file has no column for optional fields', async () => {
    await t.files({ 'email.csv': 'event_id,event_type,email,occurred_at\ne1,send,a@b.test,2026-01-01T00:00:00Z\n' });
    const warnings: LoadWarning[] = [];
    await load('esp', emailChannel, { path: 'email.csv' }, 'run-1', warnings);
    expect(warnings).toEqual([{ kind: 'missing-column', subject: 'esp', message: expect.stringMatching(/email\.csv has no column for the optional fields "campaign_id", "url"/) }]);
  });

  it('records the warnings of an extract step for pipeline_warnings', async () => {
    await t.files({ 'email.csv': 'event_id,event_type,email,occurred_at\ne1,send,a@b.test,2026-01-01T00:00:00Z\n' });
    const loaded = parseConfig({
      warehouse: 'warehouse.duckdb', outputs: { exports: 'exports', reports: 'reports' },
      sources: { esp: { connector: 'file', channel: 'email', path: 'email.csv' } }, pipelines: {},
    }, path.join(t.dir, 'rapport.config.ts'), {});
    const result = await extractStep('esp').run(stepContext({ warehouse: t.warehouse, loaded }));
    expect(result.warnings).toEqual([expect.objectContaining({ kind: 'missing-column', subject: 'esp' })]);
  });

  it('records the schema with the load: a load that fails leaves the drift to be reported again', async () => {
    await t.files({ 'email.csv': 'event_id,event_type,email,occurred_at\ne1,send,a@b.test,2026-01-01T00:00:00Z\n' });
    await load('esp', emailChannel, { path: 'email.csv' }, 'run-1');
    const before = await cell<string>('SELECT columns FROM source_schemas');
    // A new column, and every row bad: the batch fails, so neither the rows nor the new schema may be kept.
    await t.files({ 'email.csv': 'event_id,event_type,email,occurred_at,coupon\ne2,teleport,a@b.test,2026-01-02T00:00:00Z,X\n' });
    expect(await failure(load('esp', emailChannel, { path: 'email.csv' }, 'run-2'))).toMatch(/quarantineLimit/);
    expect(await cell('SELECT columns FROM source_schemas')).toBe(before);
    await t.files({ 'email.csv': 'event_id,event_type,email,occurred_at,coupon\ne2,open,a@b.test,2026-01-02T00:00:00Z,X\n' });
    const warnings: LoadWarning[] = [];
    await load('esp', emailChannel, { path: 'email.csv' }, 'run-3', warnings);
    expect(warnings.map((w) => w.message)).toEqual([expect.stringMatching(/schema drift .*new column "coupon"/), expect.stringMatching(/no column for the optional fields/)]);
  });
});

describe('a file whose rows are (nearly) all bad', () => {
  const social = (o: object) => JSON.stringify({ interaction_id: 's1', platform: 'x', handle: '@a', kind: 'like', occurred_at: '2026-03-01T10:00:00Z', ...o });

  it('fails NDJSON with a required key renamed as CSV does, naming the keys found and the closest one', async () => {
    await t.files({ 's.ndjson': [social({}), social({ interaction_id: 's2' })].map((l) => l.replace('"handle"', '"user_handle"')).join('\n') + '\n' });
    const error = await failure(load('social', socialChannel, { path: 's.ndjson' }, 'run-1'));
    expect(error).toMatch(/^source social: \S+s\.ndjson: required field "handle" has no column to come from \(expected a column of that name; closest: "user_handle", map it with handle: "user_handle"\); found keys: interaction_id, kind, occurred_at, platform, user_handle \(add a mapping for each\)$/);
    expect(await t.warehouse.all('SELECT * FROM source_state')).toEqual([]);
  });

  it('fails a pretty-printed JSON array and CSV saved as .ndjson by the quarantine limit, keeping the cursor', async () => {
    await t.files({ 'e.ndjson': 'event_id,event_type,email,occurred_at\ne1,send,a@b.test,2026-01-01T00:00:00Z\n' });
    expect(await failure(load('esp', emailChannel, { path: 'e.ndjson' }, 'run-1'))).toMatch(
      /^source esp: \S+e\.ndjson: 2 of 2 records \(100%\) fail the contract, more than the source's quarantineLimit of 50%; nothing was loaded from it and the cursor did not move .*2 x invalid JSON/);
    await t.files({ 'p.ndjson': JSON.stringify([JSON.parse(social({})), JSON.parse(social({ interaction_id: 's2' }))], null, 2) + '\n' });
    expect(await failure(load('social', socialChannel, { path: 'p.ndjson' }, 'run-2'))).toMatch(/p\.ndjson: \d+ of \d+ records \(100%\) fail the contract/);
    expect(await t.warehouse.all('SELECT * FROM source_state')).toEqual([]);
    expect(await cell('SELECT count(*) FROM quarantine')).toBe(0);
    expect(await cell('SELECT count(*) FROM source_files')).toBe(0);
  });

  it('loads what is good when the share of bad rows is within the configured limit', async () => {
    const lines = [social({}), social({ interaction_id: 's2', kind: 'teleport' }), social({ interaction_id: 's3', kind: 'teleport' })];
    await t.files({ 's.ndjson': lines.join('\n') + '\n' });
    expect(await failure(load('social', socialChannel, { path: 's.ndjson' }, 'run-1'))).toMatch(/2 of 3 records \(66\.7%\)/);
    expect(await load('social', socialChannel, { path: 's.ndjson', quarantineLimit: 0.7 }, 'run-1')).toEqual({ read: 3, loaded: 1, quarantined: 2, duplicate: 0 });
    expect(await t.warehouse.all('SELECT cursor FROM source_state')).toEqual([{ cursor: '2026-03-01T10:00:00.000000Z' }]);
  });
});

describe('a backfill --since', () => {
  it('leaves out bad rows dated before the start too, so they do not count against the quarantine limit', async () => {
    await t.files({ 'email.csv': 'event_id,event_type,email,occurred_at\n' + [
      'e1,teleport,a@b.test,2026-01-01T00:00:00Z', 'e2,teleport,a@b.test,2026-01-02T00:00:00Z', 'e3,open,a@b.test,2026-01-05T00:00:00Z',
      'e4,open,a@b.test,yesterday',
    ].join('\n') + '\n' });
    const source = fileSource('esp', emailChannel, FileSourceConfig.parse({ connector: 'file', channel: 'email', path: 'email.csv' }), t.dir);
    const counts = await extractAndLoad(t.warehouse, source, 'run-1', () => {}, { fullRefresh: false, since: '2026-01-03' });
    expect(counts).toEqual({ read: 2, loaded: 1, quarantined: 1, duplicate: 0 }); // e3, and e4 whose time does not parse
  });
});

describe('values a JSON record must not smuggle in', () => {
  const base = { platform: 'x', kind: 'like', occurred_at: '2026-03-01T10:00:00Z' };
  it('quarantines a key given twice, an object where text is expected, and a NUL character', async () => {
    await t.files({
      's.ndjson': [
        JSON.stringify({ interaction_id: 'ok', handle: '@a', ...base }),
        '{"interaction_id":"dup","handle":"@first","handle":"@second","platform":"x","kind":"like","occurred_at":"2026-03-01T10:00:00Z"}',
        JSON.stringify({ interaction_id: 'obj', handle: { name: '@a' }, ...base }),
        JSON.stringify({ interaction_id: 'nul', handle: '@a\u0000b', ...base }),
        JSON.stringify({ interaction_id: 'ok2', handle: '[not an array]', ...base }),
      ].join('\n') + '\n',
    });
    expect(await load('social', socialChannel, { path: 's.ndjson', quarantineLimit: 1 }, 'run-1')).toEqual({ read: 5, loaded: 2, quarantined: 3, duplicate: 0 });
    expect(await t.warehouse.all('SELECT interaction_id, handle FROM social_interactions ORDER BY 1'))
      .toEqual([{ interaction_id: 'ok', handle: '@a' }, { interaction_id: 'ok2', handle: '[not an array]' }]);
    const q = await t.warehouse.all<{ record_no: number; field: string; reason: string }>('SELECT record_no, field, reason FROM quarantine ORDER BY record_no');
    expect(q).toEqual([
      { record_no: 2, field: 'handle', reason: 'handle: expected the key "handle" once, got it twice in the record' },
      { record_no: 3, field: 'handle', reason: 'handle: expected text, got a JSON object or array' },
      { record_no: 4, field: 'handle', reason: 'handle: expected text without NUL characters (\\u0000)' },
    ]);
  });
});

describe('a mapping that misses several fields', () => {
  it('names every missing required field and every mapping that does not work at once, with the columns found and the closest to each', async () => {
    await t.files({ 'mine.csv': 'Order Number,Line,Email,State,Currency,Qty,Total,Order Date\n1,1,a@b.test,completed,EUR,1,10,2026-01-01\n' });
    const mapping = { currency: 'Currency', email: 'Email', amount: { sql: 'CAST(Total_Price AS DOUBLE)' } };
    const error = await failure(load('shop', ordersChannel, { path: 'mine.csv', mapping }, 'run-1'));
    expect(error).toMatch(new RegExp('^' + [
      `source shop: ${path.join(t.dir, 'mine.csv')}: 5 required fields have no column to come from: `,
      '"order_id" (expected a column of that name), "line_no" (expected a column of that name; closest: "Line", map it with line_no: "Line"), ',
      '"status" (expected a column of that name; closest: "State", map it with status: "State"), "quantity" (expected a column of that name), ',
      '"ordered_at" (expected a column of that name; closest: "Order Date", map it with ordered_at: "Order Date"); ',
      'the mapping of "amount" does not work: Referenced column "Total_Price" not found',
    ].map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('') + '.*; found columns: Order Number, Line, Email, State, Currency, Qty, Total, Order Date \\(add a mapping for each, or check the delimiter\\)$'));
  });
});

describe('a mapping with a window function', () => {
  it('numbers quarantined records by their place in the file, not by the order the window function returns rows in', async () => {
    // line_no numbered within each order: DuckDB returns the rows grouped by order, so the 5th record (order b,
    // amount "x") was stored at another place and the quarantine named record 6.
    await t.files({ 'lines.csv': ['order,amount,at', 'b,1.00,2026-03-01T10:00:00Z', 'a,2.00,2026-03-01T10:00:00Z', 'c,3.00,2026-03-01T10:00:00Z',
      'a,4.00,2026-03-01T10:00:00Z', 'b,x,2026-03-01T10:00:00Z', 'c,6.00,2026-03-01T10:00:00Z'].join('\n') + '\n' });
    const mapping = { order_id: 'order', line_no: { sql: 'row_number() OVER (PARTITION BY "order" ORDER BY amount)' }, status: { sql: "'completed'" },
      currency: { sql: "'EUR'" }, quantity: { sql: '1' }, ordered_at: 'at' };
    const counts = await load('shop', ordersChannel, { path: 'lines.csv', mapping }, 'run-1');
    expect(counts).toEqual({ read: 6, loaded: 5, quarantined: 1, duplicate: 0 });
    expect(await t.warehouse.all('SELECT record_no, reason FROM quarantine')).toEqual([{ record_no: 5, reason: 'amount: expected a number that fits DECIMAL(18,2), got "x"' }]);
    const lines = await t.warehouse.all<{ order_id: string; line_no: number; amount: number }>('SELECT order_id, line_no, amount FROM order_lines ORDER BY order_id, line_no');
    expect(lines.map((l) => `${l.order_id}${l.line_no}:${l.amount}`)).toEqual(['a1:2', 'a2:4', 'b1:1', 'c1:3', 'c2:6']);
  });
});
