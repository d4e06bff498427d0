// Identity resolution on fixture rows: normalisation rules, guardrails, stable ids across runs and recorded merges.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emailChannel, ordersChannel, socialChannel } from '../../sources/contracts/index.js';
import { buildIdentities } from '../../transforms/identities.js';
import { IdentityConfig, type IdentityConfigInput } from '../../transforms/identity-config.js';
import { insertRows } from '../helpers/channel-rows.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

let orderNo = 0;
const order = (extra: Record<string, string>) => ({
  order_id: extra.order_id ?? `o${++orderNo}`, line_no: 1, status: 'completed', currency: 'EUR', quantity: 1, amount: 10,
  ordered_at: '2026-01-10T10:00:00Z', ...extra,
});
const build = (config: IdentityConfigInput = {}, runId = 'run-1', now = '2026-01-01T00:00:00Z') =>
  buildIdentities(t.warehouse, { config: IdentityConfig.parse(config), runId, now: new Date(now) });
const customerOf = async (identity: string) =>
  (await t.warehouse.all<{ customer_id: string }>('SELECT customer_id FROM identities WHERE identity = $1', [identity]))[0]?.customer_id;
const groups = async () =>
  (await t.warehouse.all<{ ids: string[] }>(`SELECT list(identity ORDER BY identity) AS ids FROM identities GROUP BY customer_id ORDER BY ids[1]`)).map((r) => r.ids);

describe('identity normalisation', () => {
  it('links Gmail dot and +tag variants, national and international phones, and handles with or without @', async () => {
    await insertRows(t.warehouse, ordersChannel, [
      order({ customer_ref: 'A1', email: ' Jane.Doe+shop@GoogleMail.com', phone: '0151/2345678' }),
      order({ customer_ref: 'A2', email: 'other@example.com', phone: '(415) 555-0123' }),
    ]);
    await insertRows(t.warehouse, emailChannel, [{ event_id: 'e1', event_type: 'open', email: 'janedoe@gmail.com', occurred_at: '2026-01-02T00:00:00Z' }]);
    await insertRows(t.warehouse, socialChannel, [
      { interaction_id: 's1', platform: 'x', handle: ' @Jane', kind: 'dm', profile_phone: '+49 151 2345678', occurred_at: '2026-01-03T00:00:00Z' },
      { interaction_id: 's2', platform: 'x', handle: 'jane', kind: 'like', occurred_at: '2026-01-04T00:00:00Z' },
      { interaction_id: 's3', platform: 'tiktok', handle: 'x', kind: 'dm', profile_phone: '1-415-555-0123', occurred_at: '2026-01-04T00:00:00Z' },
    ]);
    await build({ defaultCountry: 'DE', fallbackCountries: ['US'] });
    expect(await groups()).toEqual([
      ['account:A1', 'email:janedoe@gmail.com', 'handle:x:jane', 'phone:+491512345678'],
      ['account:A2', 'email:other@example.com', 'handle:tiktok:x', 'phone:+14155550123'],
    ]);
  });

  it('keeps a national number that no configured country reads, but links nothing with it', async () => {
    await insertRows(t.warehouse, ordersChannel, [order({ customer_ref: 'A1', phone: '0151 2345678' }), order({ customer_ref: 'A2', phone: '0151 2345678' })]);
    await build();
    const [row] = await t.warehouse.all<{ status: string; value: string }>(`SELECT status, value FROM identities WHERE kind = 'phone'`);
    expect(row).toEqual({ status: 'invalid', value: '01512345678' });
    expect(await customerOf('account:A1')).not.toBe(await customerOf('account:A2'));
  });

  it('strips +tags for the domains a provider rule names, and only there', async () => {
    await insertRows(t.warehouse, ordersChannel, [
      order({ customer_ref: 'A1', email: 'ann+news@fastmail.com' }), order({ customer_ref: 'A2', email: 'ann@fastmail.com' }),
      order({ customer_ref: 'A3', email: 'bo+news@example.com' }), order({ customer_ref: 'A4', email: 'bo@example.com' }),
    ]);
    await build({ emailProviders: [{ domains: ['fastmail.com'], dropPlusTag: true }] });
    expect(await customerOf('account:A1')).toBe(await customerOf('account:A2'));
    expect(await customerOf('account:A3')).not.toBe(await customerOf('account:A4'));
  });
});

describe('identity guardrails', () => {
  it('never links on a blocked value, default or configured, but keeps it as an observation', async () => {
    await insertRows(t.warehouse, ordersChannel, [
      order({ customer_ref: 'A1', email: 'TEST@example.com ', phone: '+1 000 000 0000' }),
      order({ customer_ref: 'A2', email: 'test@example.com', phone: '+10000000000' }),
      order({ customer_ref: 'A3', email: 'info@shop.example' }),
      order({ customer_ref: 'A4', email: 'info@shop.example' }),
    ]);
    await build({ blocked: { email: ['Info@Shop.example', ' test@EXAMPLE.com'] } }); // replaces the default email list
    expect(new Set([await customerOf('account:A1'), await customerOf('account:A2'), await customerOf('account:A3'), await customerOf('account:A4')]).size).toBe(4);
    const statuses = await t.warehouse.all<{ identity: string; status: string }>(`SELECT identity, status FROM identities WHERE kind <> 'account' ORDER BY 1`);
    expect(statuses).toEqual([
      { identity: 'email:info@shop.example', status: 'blocked' },
      { identity: 'email:test@example.com', status: 'blocked' },
      { identity: 'phone:+10000000000', status: 'blocked' }, // the default phone list still applies
    ]);
  });

  it('refuses a link that would give a customer more emails than allowed, logs it and keeps one customer per record', async () => {
    // Account A1 used with three addresses: with at most two emails per customer the account is the refused hub.
    await insertRows(t.warehouse, ordersChannel, [
      order({ order_id: 'o-1', customer_ref: 'A1', email: 'a@example.com' }),
      order({ order_id: 'o-2', customer_ref: 'A1', email: 'b@example.com' }),
      order({ order_id: 'o-3', customer_ref: 'A1', email: 'c@example.com' }),
    ]);
    await insertRows(t.warehouse, emailChannel, [{ event_id: 'e1', event_type: 'send', email: 'a@example.com', occurred_at: '2026-01-02T00:00:00Z' }]);
    const r = await build({ maxPerCustomer: { email: 2 } });
    expect(r.refusals).toBe(1);
    const refusals = await t.warehouse.all(`SELECT run_id, refused_identity, kind, would_have, max_allowed FROM identity_merge_refusals`);
    expect(refusals).toEqual([{ run_id: 'run-1', refused_identity: 'account:A1', kind: 'email', would_have: 3, max_allowed: 2 }]);
    const perRecord = await t.warehouse.all<{ record_id: string; customer_id: string }>(`SELECT record_id, customer_id FROM customer_records ORDER BY 1`);
    expect(perRecord.map((x) => x.record_id)).toEqual(['e1', 'o-1', 'o-2', 'o-3']);
    expect(perRecord[0]!.customer_id).toBe(await customerOf('email:a@example.com'));
    expect(perRecord[1]!.customer_id).toBe(await customerOf('email:a@example.com'));
    expect(perRecord[3]!.customer_id).toBe(await customerOf('email:c@example.com'));
    expect(new Set(perRecord.slice(1).map((x) => x.customer_id)).size).toBe(3);
    expect((await t.warehouse.all(`SELECT status FROM identities WHERE identity = 'account:A1'`))[0]).toEqual({ status: 'refused' });
  });

  it('links on a placeholder when it is not blocked', async () => {
    await insertRows(t.warehouse, ordersChannel, [order({ customer_ref: 'A1', email: 'test@example.com' }), order({ customer_ref: 'A2', email: 'test@example.com' })]);
    await build({ blocked: { email: [] } });
    expect(await customerOf('account:A1')).toBe(await customerOf('account:A2'));
  });

  it('links the same three addresses when the limit allows them', async () => {
    await insertRows(t.warehouse, ordersChannel, ['a', 'b', 'c'].map((x) => order({ customer_ref: 'A1', email: `${x}@example.com` })));
    const r = await build({ maxPerCustomer: { email: 3 } });
    expect(r.refusals).toBe(0);
    expect(r.customers).toBe(1);
  });
});

describe('stable customer ids', () => {
  it('keeps every customer id across two incremental runs and gives new customers new ids', async () => {
    await insertRows(t.warehouse, ordersChannel, [order({ customer_ref: 'A1', email: 'ann@example.com' }), order({ customer_ref: 'B1', email: 'bob@example.com' })]);
    await build({}, 'run-1');
    const before = await t.warehouse.all<{ identity: string; customer_id: string }>('SELECT identity, customer_id FROM identities ORDER BY 1');
    // The second run sees more data: Ann's new address (smaller than her old ones) and a new customer.
    await insertRows(t.warehouse, ordersChannel, [order({ customer_ref: 'A1', email: 'aaa@example.com' }), order({ customer_ref: 'C1', email: 'cy@example.com' })]);
    await build({}, 'run-2', '2026-01-02T00:00:00Z');
    const after = new Map((await t.warehouse.all<{ identity: string; customer_id: string }>('SELECT identity, customer_id FROM identities')).map((r) => [r.identity, r.customer_id]));
    for (const b of before) expect(after.get(b.identity), b.identity).toBe(b.customer_id);
    expect(after.get('email:aaa@example.com')).toBe(after.get('account:A1'));
    expect(after.get('account:C1')).toMatch(/^cus_[0-9a-f]{12}$/);
    expect(new Set(after.values()).size).toBe(3);
    expect(await t.warehouse.all('SELECT * FROM identity_merges')).toEqual([]);
  });

  it('records a merge of two earlier customers with the older id surviving and the link as evidence', async () => {
    await insertRows(t.warehouse, ordersChannel, [order({ customer_ref: 'Z9', email: 'zed@example.com' })]);
    await build({}, 'run-1', '2026-01-01T00:00:00Z');
    const older = await customerOf('account:Z9');
    await insertRows(t.warehouse, emailChannel, [{ event_id: 'e1', event_type: 'send', email: 'ann@example.com', occurred_at: '2026-01-02T00:00:00Z' }]);
    await build({}, 'run-2', '2026-01-02T00:00:00Z');
    const newer = await customerOf('email:ann@example.com');
    expect(newer).not.toBe(older);
    // Run 3: one order carries Ann's address on account Z9, so the two customers are one person.
    await insertRows(t.warehouse, ordersChannel, [order({ order_id: 'o-link', customer_ref: 'Z9', email: 'ann@example.com' })]);
    const r = await build({}, 'run-3', '2026-01-03T00:00:00Z');
    expect(r.merges).toBe(1);
    expect(await customerOf('email:ann@example.com')).toBe(older);
    const merges = await t.warehouse.all(`SELECT event, run_id, merged_at, surviving_id, absorbed_id, linking_identity, linked_identity, via_record FROM identity_merges`);
    expect(merges).toEqual([{
      event: 'merge', run_id: 'run-3', merged_at: new Date('2026-01-03T00:00:00Z'), surviving_id: older, absorbed_id: newer,
      linking_identity: 'account:Z9', linked_identity: 'email:ann@example.com', via_record: 'orders:o-link',
    }]);
    // A rerun with nothing new records nothing more.
    await build({}, 'run-4', '2026-01-04T00:00:00Z');
    expect((await t.warehouse.all('SELECT * FROM identity_merges')).length).toBe(1);
  });
});

describe('component resolution at depth', () => {
  it('resolves a long chain of links into one customer in logarithmically many rounds', async () => {
    // Account A<i> ordered with email <i> and email <i+1>: a chain of 81 identities, 80 links long.
    const rows = Array.from({ length: 40 }, (_, i) => [
      order({ customer_ref: `A${100 + i}`, email: `e${100 + i}@example.com` }),
      order({ customer_ref: `A${100 + i}`, email: `e${101 + i}@example.com` }),
    ]).flat();
    await insertRows(t.warehouse, ordersChannel, rows);
    const r = await build({ maxPerCustomer: { email: 100, account: 100 } });
    expect(r.customers).toBe(1);
    expect(r.identities).toBe(81);
    // Plain min-label propagation needs as many rounds as the chain is long; pointer jumping needs about log2 of it.
    expect(r.iterations).toBeLessThanOrEqual(10);
    expect(new Set((await t.warehouse.all<{ c: string }>('SELECT customer_id AS c FROM customer_records')).map((x) => x.c)).size).toBe(1);
  });
});
