// `rapport init`: proposes a mapping from a shop's own column names and writes a config that runs as written.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { proposeMapping } from '../../cli/propose-mapping.js';
import { proposeValues } from '../../cli/propose-values.js';
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
    expect(at(['02.01.2026 10:00'])).toEqual({ field: 'ordered_at', mapping: { sql: `coalesce(strftime(try_strptime("Date", '%d.%m.%Y %H:%M'), '%Y-%m-%dT%H:%M:%S'), "Date")` },
      check: 'dates like "02.01.2026 10:00" read as day first (%d.%m.%Y %H:%M), in UTC' });
    expect(at(['01/02/2026', '13/02/2026'])?.mapping).toEqual({ sql: `coalesce(strftime(try_strptime("Date", '%d/%m/%Y'), '%Y-%m-%dT%H:%M:%S'), "Date")` });
    expect(at(['01/13/2026'])?.mapping).toEqual({ sql: `coalesce(strftime(try_strptime("Date", '%m/%d/%Y'), '%Y-%m-%dT%H:%M:%S'), "Date")` });
  });

  it('names a required field no column fits, listing the columns', () => {
    expect(propose(['Total', 'Date']).find((p) => p.field === 'order_id'))
      .toEqual({ field: 'order_id', check: 'required, but no column looks like it: map it to one of Total, Date' });
  });
});

describe('proposing an event-name mapping', () => {
  const events = ['send', 'delivered', 'open', 'click', 'bounce', 'unsubscribe', 'complaint'];
  const counted = (...values: string[]) => values.map((value) => ({ value, rows: 2 }));

  it("translates SendGrid's event names, and names those with no counterpart (quarantined)", () => {
    const sendgrid = counted('processed', 'delivered', 'open', 'click', 'bounce', 'dropped', 'spamreport', 'unsubscribe', 'group_unsubscribe', 'deferred');
    expect(proposeValues('event_type', 'Event', events, sendgrid)).toEqual({
      sql: `CASE lower("Event") WHEN 'processed' THEN 'send' WHEN 'spamreport' THEN 'complaint' WHEN 'group_unsubscribe' THEN 'unsubscribe' ELSE lower("Event") END`,
      check: '"processed" read as send; "spamreport" read as complaint; "group_unsubscribe" read as unsubscribe; '
        + '"dropped" (2 rows), "deferred" (2 rows) match none of send, delivered, open, click, bounce, unsubscribe, complaint: quarantined',
    });
  });

  it("translates Klaviyo's and Mailchimp's names, whatever their case; leaves soft bounces out", () => {
    const klaviyo = counted('Received Email', 'Opened Email', 'Clicked Email', 'Bounced Email', 'Marked Email as Spam', 'Unsubscribed');
    expect(proposeValues('event_type', 'Metric', events, klaviyo).sql).toBe(`CASE lower("Metric") WHEN 'received email' THEN 'delivered' WHEN 'opened email' THEN 'open' `
      + `WHEN 'clicked email' THEN 'click' WHEN 'bounced email' THEN 'bounce' WHEN 'marked email as spam' THEN 'complaint' WHEN 'unsubscribed' THEN 'unsubscribe' ELSE lower("Metric") END`);
    const mailchimp = proposeValues('event_type', 'action', events, [...counted('sent', 'open', 'hard_bounce', 'unsub', 'abuse'), { value: 'soft_bounce', rows: 1 }]);
    expect(mailchimp.sql).toBe(`CASE lower("action") WHEN 'sent' THEN 'send' WHEN 'hard_bounce' THEN 'bounce' WHEN 'unsub' THEN 'unsubscribe' WHEN 'abuse' THEN 'complaint' ELSE lower("action") END`);
    expect(mailchimp.check).toContain('"soft_bounce" (1 row) matches none of');
    expect(proposeValues('event_type', 'Event', events, counted('Open', 'Click'))).toEqual({ sql: 'lower("Event")' }); // case alone
  });

  it('proposes nothing when every value is already a contract value, and only a note when none translates', () => {
    expect(proposeValues('event_type', 'Event', events, counted('open', 'click', ''))).toEqual({});
    expect(proposeValues('event_type', 'Event', events, counted('open', 'dropped'))).toEqual({
      check: '"dropped" (2 rows) matches none of send, delivered, open, click, bounce, unsubscribe, complaint: quarantined' });
  });
});

/** `rapport check` on the config init wrote, as a user runs it (the config imports the package by name). */
async function checkConfig(dir: string): Promise<{ code: number | string; out: string }> {
  const child = spawnRapport(['check', '--config', path.join(dir, 'rapport.config.ts')]);
  const code = await child.exited(60_000);
  return { code, out: child.lines.join('\n') };
}

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

  it('proposes the event-name mapping from every event in the file, and rapport check then quarantines only what it could not map', async () => {
    // SendGrid names; "spamreport" only after the first 50 rows init reads for the columns, so the whole file is read.
    const names = [...Array.from({ length: 54 }, (_, i) => ['processed', 'delivered', 'open', 'click', 'bounce', 'unsubscribe'][i % 6]!), 'dropped', 'spamreport'];
    await writeFile(path.join(dir, 'sendgrid.csv'), ['sg_event_id,event,email,timestamp',
      ...names.map((e, i) => `e${i + 1},${e},p${i % 7}@mail.test,2026-03-0${1 + (i % 9)} 08:00:00`)].join('\n') + '\n');
    const r = await runCli(['init', '--email', 'sendgrid.csv'], dir);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('email.event_type: "processed" read as send; "spamreport" read as complaint; '
      + '"dropped" (1 row) matches none of send, delivered, open, click, bounce, unsubscribe, complaint: quarantined');
    const config = await readFile(path.join(dir, 'rapport.config.ts'), 'utf8');
    expect(config).toContain(`event_type: { sql: \`CASE lower("event") WHEN 'processed' THEN 'send' WHEN 'spamreport' THEN 'complaint' ELSE lower("event") END\` }, // CHECK: `);
    const check = await checkConfig(dir);
    expect(check.code, check.out).toBe(0);
    expect(check.out).toContain('source email (email): read 56 = would load 55 + quarantine 1 + merge 0 duplicates');
    expect(check.out).toContain('would quarantine 1: event_type: expected one of send, delivered, open, click, bounce, unsubscribe, complaint, got "dropped" (e.g. '
      + `${path.join(dir, 'sendgrid.csv')} record 55)`);
  }, 60_000);

  it('quarantines a row with an impossible day-first date, naming it, and loads the rest of the file', async () => {
    await writeFile(path.join(dir, 'orders.csv'), ['Order Number,Order Date,Total',
      '1,02.01.2026 10:00,5.00', '2,31.02.2026 10:00,6.00', '3,13.01.2026 09:30,7.00'].join('\n') + '\n');
    expect((await runCli(['init', '--orders', 'orders.csv'], dir)).code).toBe(0);
    const check = await checkConfig(dir);
    expect(check.code, check.out).toBe(0);
    expect(check.out).toContain('source orders (orders): read 3 = would load 2 + quarantine 1 + merge 0 duplicates');
    expect(check.out).toContain(`would quarantine 1: ordered_at: expected an ISO-8601 date and time, got "31.02.2026 10:00" (e.g. ${path.join(dir, 'orders.csv')} record 2)`);
  }, 60_000);
});
