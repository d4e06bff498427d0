// A channel added as one contract file plus one registry line: its table, load with quarantine, identities and customer_360 column follow.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractAndLoad } from '../../load/load.js';
import { channels, emailChannel, ordersChannel, socialChannel } from '../../sources/contracts/index.js';
import { fileSource } from '../../sources/file/index.js';
import { FileSourceConfig } from '../../sources/file/schema.js';
import { buildCustomer360 } from '../../transforms/customer-360.js';
import { buildIdentities } from '../../transforms/identities.js';
import { IdentityConfig } from '../../transforms/identity-config.js';
import { ticketsChannel } from '../fixtures/channels/tickets.js';
import { loyaltyChannel } from '../fixtures/channels/loyalty.js';
import { insertRows } from '../helpers/channel-rows.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

const order = (order_id: string, customer_ref: string, email: string, ordered_at: string) =>
  ({ order_id, line_no: 1, customer_ref, email, status: 'completed', currency: 'EUR', quantity: 1, amount: 30, ordered_at });
const config = IdentityConfig.parse({ defaultCountry: 'DE' });

/** Loads one loyalty file through the file connector (the connector takes the contract itself). */
async function loadLoyalty(name: string, csv: string) {
  const files = await t.files({ [`${name}.csv`]: csv });
  // A config names a channel of the registry (sources/*/schema.ts take `channelNames`); this fixture channel is not in
  // it, so the test hands its contract to the connector, which reads the contract it is given, not the config's name.
  const source = fileSource(name, loyaltyChannel, FileSourceConfig.parse({ connector: 'file', channel: 'email', path: files[`${name}.csv`]! }), t.dir);
  return extractAndLoad(t.warehouse, source, `load-${name}`);
}

const build = async (registry: typeof channels, runId: string, full = false) => {
  const ids = await buildIdentities(t.warehouse, { config, channels: registry, runId, now: new Date('2026-07-01T06:00:00Z'), full });
  const c360 = await buildCustomer360(t.warehouse, { asOf: '2026-07-01', channels: registry, full });
  return { ids, c360 };
};

const loyaltyRows = `SELECT list_sort(accounts) AS accounts, emails, orders, loyalty_points, preferred_channel, days_since_last_interaction AS days
  FROM customer_360 ORDER BY emails[1]`;

describe('a channel added through the registry', () => {
  it('gets its table, loads with quarantine, links to the same customer as an order and adds its customer_360 column', async () => {
    const registry = { ...channels, loyalty: loyaltyChannel };
    const loaded = await loadLoyalty('loyalty', [
      'movement_id,email,points,earned_at',
      'm1,Ann@Example.com,50,2026-06-10T09:00:00Z',
      'm2,bob@example.com,20,2026-06-11T09:00:00Z',
      'm3,ann@example.com,lots,2026-06-12T09:00:00Z',
    ].join('\n'));
    expect(loaded).toEqual({ read: 3, loaded: 2, quarantined: 1, duplicate: 0 });
    expect(await t.warehouse.all(`SELECT column_name AS name, data_type AS type FROM information_schema.columns
      WHERE table_name = 'loyalty_movements' AND column_name NOT LIKE '\\_%' ESCAPE '\\' ORDER BY ordinal_position`)).toEqual([
      { name: 'movement_id', type: 'VARCHAR' }, { name: 'email', type: 'VARCHAR' }, { name: 'points', type: 'BIGINT' }, { name: 'earned_at', type: 'TIMESTAMP' },
    ]);
    const [bad] = await t.warehouse.all<{ source: string; record_no: number; field: string; reason: string }>(
      'SELECT source, record_no, field, reason FROM quarantine');
    expect(bad).toMatchObject({ source: 'loyalty', record_no: 3, field: 'points' });
    expect(bad!.reason).toContain('expected an integer');

    await insertRows(t.warehouse, ordersChannel, [
      order('o1', 'A1', 'ann@example.com', '2026-06-01T10:00:00Z'),
      order('o2', 'C3', 'cy@example.com', '2026-06-20T10:00:00Z'),
    ]);
    await build(registry, 'run-1');
    const owners = await t.warehouse.all<{ channel: string; record_id: string; customer_id: string }>(
      'SELECT channel, record_id, customer_id FROM customer_records ORDER BY channel, record_id');
    const of = (channel: string, record: string) => owners.find((o) => o.channel === channel && o.record_id === record)?.customer_id;
    expect(of('loyalty', 'm1')).toBeDefined();
    expect(of('loyalty', 'm1')).toBe(of('orders', 'o1'));           // Ann's points and Ann's order: one customer
    expect(of('loyalty', 'm2')).not.toBe(of('orders', 'o1'));
    // Bob has only loyalty rows and is still a customer; Cy has none and gets 0 points. Days count from 2026-07-01.
    expect(await t.warehouse.all(loyaltyRows)).toEqual([
      { accounts: ['A1'], emails: ['ann@example.com'], orders: 1, loyalty_points: 50, preferred_channel: 'loyalty', days: 21 },
      { accounts: null, emails: ['bob@example.com'], orders: 0, loyalty_points: 20, preferred_channel: 'loyalty', days: 20 },
      { accounts: ['C3'], emails: ['cy@example.com'], orders: 1, loyalty_points: 0, preferred_channel: 'orders', days: 11 },
    ]);
    const columns = (await t.warehouse.all<{ name: string; type: string }>(`SELECT column_name AS name, data_type AS type FROM information_schema.columns
      WHERE table_name = 'customer_360' ORDER BY ordinal_position`));
    // The registry's order: after the built-in channels' columns, before the cross-channel ones.
    expect(columns.slice(-7)).toEqual([
      { name: 'contact_records', type: 'BIGINT' }, { name: 'loyalty_points', type: 'BIGINT' },
      { name: 'sentiment', type: 'DOUBLE' }, { name: 'preferred_channel', type: 'VARCHAR' }, { name: 'last_interaction_at', type: 'TIMESTAMP' },
      { name: 'days_since_last_interaction', type: 'BIGINT' }, { name: 'as_of', type: 'DATE' },
    ]);
  });

  it('adds new rows incrementally with the same result as a full build', async () => {
    const registry = { ...channels, loyalty: loyaltyChannel };
    await loadLoyalty('first', 'movement_id,email,points,earned_at\nm1,ann@example.com,50,2026-06-10T09:00:00Z');
    await insertRows(t.warehouse, ordersChannel, [order('o1', 'A1', 'ann@example.com', '2026-06-01T10:00:00Z')]);
    await build(registry, 'run-1');
    await loadLoyalty('second', 'movement_id,email,points,earned_at\nm4,ann@example.com,25,2026-06-20T09:00:00Z\nm5,dee@example.com,5,2026-06-21T09:00:00Z');
    const incremental = await build(registry, 'run-2');
    expect(incremental.ids).toMatchObject({ full: false, reason: 'new rows only' });
    expect(incremental.c360).toMatchObject({ full: false });
    const afterIncremental = await t.warehouse.all(loyaltyRows);
    expect(afterIncremental).toEqual([
      { accounts: ['A1'], emails: ['ann@example.com'], orders: 1, loyalty_points: 75, preferred_channel: 'loyalty', days: 11 },
      { accounts: null, emails: ['dee@example.com'], orders: 0, loyalty_points: 5, preferred_channel: 'loyalty', days: 10 },
    ]);
    await build(registry, 'run-3', true);
    expect(await t.warehouse.all(loyaltyRows)).toEqual(afterIncremental);

    // A column more, identities unchanged: customer_360 is rebuilt with it rather than appended to.
    const more = { ...registry, loyalty: { ...loyaltyChannel, customer360: { ...loyaltyChannel.customer360, columns: [
      ...loyaltyChannel.customer360.columns, { name: 'loyalty_movements', type: 'BIGINT', meaning: 'points movements', aggregate: 'count(*)', absent: '0' }] } } };
    expect(await buildCustomer360(t.warehouse, { asOf: '2026-07-01', channels: more }))
      .toMatchObject({ full: true, reason: "the channels' customer_360 columns changed" });
    expect(await t.warehouse.all('SELECT emails, loyalty_points, loyalty_movements FROM customer_360 ORDER BY emails[1]')).toEqual([
      { emails: ['ann@example.com'], loyalty_points: 75, loyalty_movements: 2 }, { emails: ['dee@example.com'], loyalty_points: 5, loyalty_movements: 1 },
    ]);
  });

  it('links two customers through a channel whose records carry an email and a phone', async () => {
    await insertRows(t.warehouse, ordersChannel, [order('o1', 'A1', 'ann@example.com', '2026-06-01T10:00:00Z')]);
    await insertRows(t.warehouse, socialChannel, [
      { interaction_id: 's1', platform: 'x', handle: 'ann_x', kind: 'dm', profile_phone: '+49 151 2345678', occurred_at: '2026-06-02T10:00:00Z' },
    ]);
    await insertRows(t.warehouse, emailChannel, [{ event_id: 'e1', event_type: 'open', email: 'ann@example.com', occurred_at: '2026-06-03T10:00:00Z' }]);
    const before = await build(channels, 'run-1');
    expect(before.ids.customers).toBe(2);                           // the order's person and the social profile's

    await insertRows(t.warehouse, ticketsChannel, [
      { contact_id: 'c1', email: 'ANN@example.com', phone: '0151 2345678', subject: 'where is my parcel', contacted_at: '2026-06-04T10:00:00Z' },
    ]);
    const registry = { ...channels, tickets: ticketsChannel };
    const after = await build(registry, 'run-2');
    expect(after.ids).toMatchObject({ customers: 1, full: true, reason: "the channels' identifiers changed" });
    expect(after.c360).toMatchObject({ full: true, reason: 'identities were rebuilt' });
    expect(await t.warehouse.all('SELECT via, identity FROM identity_links WHERE via LIKE $1 ORDER BY identity', ['tickets:%'])).toEqual([
      { via: 'tickets:c1', identity: 'email:ann@example.com' }, { via: 'tickets:c1', identity: 'phone:+491512345678' },
    ]);
    expect(await t.warehouse.all(`SELECT accounts, handles, orders, email_opens, social_interactions, support_contacts, preferred_channel
      FROM customer_360`)).toEqual([
      { accounts: ['A1'], handles: ['x:ann_x'], orders: 1, email_opens: 1, social_interactions: 1, support_contacts: 1, preferred_channel: 'tickets' },
    ]);
  });
});
