// One customer lookup for the CLI and the web app: normalised identifiers, merges followed, no wildcards.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { emailChannel, ordersChannel } from '../../sources/contracts/index.js';
import { buildCustomer360 } from '../../transforms/customer-360.js';
import { buildIdentities } from '../../transforms/identities.js';
import { IdentityConfig } from '../../transforms/identity-config.js';
import { createApp } from '../../web/app.js';
import { RunLauncher } from '../../web/run-launcher.js';
import { warehouseGate } from '../../web/warehouse-gate.js';
import { insertRows } from '../helpers/channel-rows.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

const identity = IdentityConfig.parse({ defaultCountry: 'DE' });
let orderNo = 0;
const order = (extra: Record<string, string>) => ({
  order_id: `o${++orderNo}`, line_no: 1, status: 'completed', currency: 'EUR', quantity: 1, amount: 10, ordered_at: '2026-01-10T10:00:00Z', ...extra,
});
const build = async (runId: string, now: string) => {
  await buildIdentities(t.warehouse, { config: identity, runId, now: new Date(now) });
  await buildCustomer360(t.warehouse, { asOf: '2026-02-01' });
};
const customerOf = async (id: string) =>
  (await t.warehouse.all<{ customer_id: string }>('SELECT customer_id FROM identities WHERE identity = $1', [id]))[0]!.customer_id;

/** The customer `rapport customer <q> --json` shows, or null when it finds none. */
async function viaCli(q: string): Promise<{ customerId: string; mergedFrom?: string } | null> {
  const out: string[] = [];
  const { 'rapport.config.mjs': config } = await t.files({ 'rapport.config.mjs': "export default { sources: {}, identity: { defaultCountry: 'DE' } };\n" });
  const code = await main(['customer', q, '--json', '--config', config!], { out: (l) => out.push(l), err: () => {}, env: { RAPPORT_WAREHOUSE: t.warehouse.path }, cwd: t.dir });
  return code === 0 ? JSON.parse(out.join('\n')) : null;
}

/** Where the web app's lookup form sends the browser: the customer's page, or null for "no customer matches". */
async function viaWeb(q: string): Promise<string | null> {
  const app = createApp({
    gate: warehouseGate({ file: t.warehouse.path, waitMs: 300 }), reportsDir: t.dir, customSegments: {}, pipelines: [],
    launcher: new RunLauncher(`${t.dir}/rapport.config.mjs`), identity,
  });
  const visit = await app.request('http://127.0.0.1/customer');
  const cookie = visit.headers.get('set-cookie')!.split(';')[0]!;
  const csrf = /name="csrf" value="([^"]+)"/.exec(await visit.text())![1]!;
  const res = await app.request('http://127.0.0.1/customer', {
    method: 'POST', body: new URLSearchParams({ q, csrf }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://127.0.0.1', cookie },
  });
  if (res.status === 404) return null;
  expect(res.status, q).toBe(303);
  return decodeURIComponent(res.headers.get('location')!.replace('/customer/', ''));
}

describe('customer lookup', () => {
  it('gives the same customer in the CLI and the web app for every way of writing an identifier', async () => {
    await insertRows(t.warehouse, ordersChannel, [order({ customer_ref: 'A1', email: 'Jane.Doe@gmail.com', phone: '0151 2345678' })]);
    await insertRows(t.warehouse, ordersChannel, [order({ customer_ref: 'B1', email: 'bob@example.com' })]);
    await build('run-1', '2026-01-01T00:00:00Z');
    const jane = await customerOf('account:A1');
    t.warehouse.close();
    // Gmail ignores dots and +tags, googlemail.com is gmail.com, and a German national number is +49.
    for (const q of [' JANE.DOE+x@googlemail.com', 'janedoe@gmail.com', '0151/2345678', '+49 151 2345678', 'A1', jane]) {
      expect((await viaCli(q))?.customerId, q).toBe(jane);
      expect(await viaWeb(q), q).toBe(jane);
    }
    expect(await viaCli('nobody@example.com')).toBeNull();
    expect(await viaWeb('nobody@example.com')).toBeNull();
  });

  it('reads "_" and "%" in an email as characters, never as wildcards', async () => {
    await insertRows(t.warehouse, ordersChannel, [order({ customer_ref: 'U1', email: 'a_b@example.com' }), order({ customer_ref: 'U2', email: 'axb@example.com' })]);
    await build('run-1', '2026-01-01T00:00:00Z');
    const underscore = await customerOf('email:a_b@example.com');
    t.warehouse.close();
    expect(await viaWeb('a_b@example.com')).toBe(underscore); // exactly one match: the web app redirects
    expect((await viaCli('a_b@example.com'))?.customerId).toBe(underscore);
    for (const q of ['a%@example.com', 'a%b@example.com', '%@example.com', 'ax_@example.com']) {
      expect(await viaWeb(q), q).toBeNull();
      expect(await viaCli(q), q).toBeNull();
    }
  });

  it('answers a merged customer id with the surviving customer in both', async () => {
    await insertRows(t.warehouse, ordersChannel, [order({ customer_ref: 'Z9', email: 'zed@example.com' })]);
    await build('run-1', '2026-01-01T00:00:00Z');
    const older = await customerOf('account:Z9');
    await insertRows(t.warehouse, emailChannel, [{ event_id: 'e1', event_type: 'send', email: 'ann@example.com', occurred_at: '2026-01-02T00:00:00Z' }]);
    await build('run-2', '2026-01-02T00:00:00Z');
    const newer = await customerOf('email:ann@example.com');
    expect(newer).not.toBe(older);
    // One order carries Ann's address on account Z9: the newer customer is absorbed by the older one.
    await insertRows(t.warehouse, ordersChannel, [order({ customer_ref: 'Z9', email: 'ann@example.com' })]);
    await build('run-3', '2026-01-03T00:00:00Z');
    t.warehouse.close();
    expect(await viaCli(newer)).toMatchObject({ customerId: older, mergedFrom: newer });
    expect(await viaWeb(newer)).toBe(older);
  });
});
