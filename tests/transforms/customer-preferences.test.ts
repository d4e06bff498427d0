// customer_preferences on a hand-worked set of orders and email events (Berlin time, categories from products).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contactsChannel, emailChannel, ordersChannel, productsReference } from '../../sources/contracts/index.js';
import { buildCustomer360 } from '../../transforms/customer-360.js';
import { buildCustomerPreferences } from '../../transforms/customer-preferences.js';
import { buildIdentities } from '../../transforms/identities.js';
import { insertRows } from '../helpers/channel-rows.js';
import { refOf } from '../helpers/order-fixture.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

type Line = readonly [order: string, ref: string, email: string, sku: string, quantity: number, amount: number, at: string, status?: string];
// A: o1 (MUG x2 = 20, TEE x1 = 20: 3 units, 40), o2 (TEE x2: 2 units, 40), o3 (GIFT x1, no product row: 1 unit, 10),
//    a refund of one TEE (net -20: not an order here). Order days Jan 1, 11, 31: gaps 10 and 20, median 15, next Feb 15.
//    Units by category: clothing 3, camp 2 (GIFT unknown). Baskets: value (40 + 40 + 10) / 3 = 30, units 6 / 3 = 2,
//    more than one unit in 2 of 3 orders.
// B: one order (MUG x1, 10). C: only a cancelled order.
const lines: Line[] = [
  ['o1', 'A', 'a@x.com', 'MUG', 2, 20, '2024-01-01T10:00:00Z'], ['o1', 'A', 'a@x.com', 'TEE', 1, 20, '2024-01-01T10:00:00Z'],
  ['o2', 'A', 'a@x.com', 'TEE', 2, 40, '2024-01-11T10:00:00Z'],
  ['o3', 'A', 'a@x.com', 'GIFT', 1, 10, '2024-01-31T10:00:00Z'],
  ['R-o2', 'A', 'a@x.com', 'TEE', -1, -20, '2024-02-01T10:00:00Z', 'refunded'],
  ['o4', 'B', 'b@x.com', 'MUG', 1, 10, '2024-01-05T10:00:00Z'],
  ['o5', 'C', 'c@x.com', 'MUG', 1, 10, '2024-01-06T10:00:00Z', 'cancelled'],
  ['o6', 'A', 'a@x.com', 'MUG', 5, 50, '2024-03-02T10:00:00Z'],   // on or after as-of: ignored
];
// A's opens and clicks in UTC, and in Berlin (+01:00 in winter): Tue 09:30, Tue 09:10, Tue 18:00, Fri 09:45, Tue 09:12
// (click), Sat 11:00 -> 6 events, Tuesday (4), 09 h (4). Sends are not attention. B: one open (fewer than 5: NULL).
const events: [string, string, string, string][] = [
  ['e1', 'open', 'a@x.com', '2024-01-02T08:30:00Z'], ['e2', 'open', 'a@x.com', '2024-01-09T08:10:00Z'],
  ['e3', 'open', 'a@x.com', '2024-01-16T17:00:00Z'], ['e4', 'open', 'a@x.com', '2024-01-05T08:45:00Z'],
  ['e5', 'click', 'a@x.com', '2024-01-09T08:12:00Z'], ['e6', 'open', 'a@x.com', '2024-01-20T10:00:00Z'],
  ['e7', 'send', 'a@x.com', '2024-01-02T08:00:00Z'], ['e8', 'send', 'a@x.com', '2024-01-03T18:00:00Z'],
  ['e9', 'open', 'b@x.com', '2024-01-08T08:00:00Z'],
];

async function seed(): Promise<void> {
  await insertRows(t.warehouse, ordersChannel, lines.map(([order_id, customer_ref, email, sku, quantity, amount, ordered_at, status = 'completed'], i) => ({
    order_id, line_no: i, customer_ref, email, status, currency: 'EUR', sku, quantity, amount, ordered_at,
  })));
  await insertRows(t.warehouse, emailChannel, events.map(([event_id, event_type, email, occurred_at]) => ({ event_id, event_type, email, occurred_at })));
  await insertRows(t.warehouse, productsReference, [{ sku: 'MUG', category: 'camp', active: true }, { sku: 'TEE', category: 'clothing', active: true }]);
  await buildIdentities(t.warehouse);
  await buildCustomer360(t.warehouse, { asOf: '2024-03-01' });
}

describe('customer_preferences', () => {
  it('computes channel, send time (Berlin), categories, baskets and rhythm per customer, NULL where too little is known', async () => {
    await seed();
    const r = await buildCustomerPreferences(t.warehouse, { asOf: '2024-03-01', timezone: 'Europe/Berlin' });
    expect(r).toEqual({ full: true, reason: 'first build', recomputed: 3, customers: 3, withSendTime: 1, withCategory: 2 });
    const rows = await t.warehouse.all(`SELECT ${refOf('p.customer_id')} AS who, * EXCLUDE (customer_id, as_of), strftime(as_of, '%Y-%m-%d') AS as_of,
      strftime(expected_next_order, '%Y-%m-%d') AS expected_next_order FROM customer_preferences p ORDER BY who`);
    expect(rows).toEqual([
      {
        who: 'A', preferred_channel: 'email', preferred_channel_events: 6, best_send_day: 'Tuesday', best_send_hour: 9, send_time_events: 6, send_time_zone: 'Europe/Berlin', send_time_zone_source: 'shop',
        top_categories: ['clothing', 'camp'], top_category: 'clothing', orders: 3, avg_basket_value: 30, avg_basket_units: 2,
        multi_item_share: 0.6667, typical_gap_days: 15, expected_next_order: '2024-02-15', as_of: '2024-03-01',
      },
      {   // one order and one open: a tie, and orders come first in the registry
        who: 'B', preferred_channel: 'orders', preferred_channel_events: 1, best_send_day: null, best_send_hour: null, send_time_events: 1, send_time_zone: 'Europe/Berlin', send_time_zone_source: 'shop',
        top_categories: ['camp'], top_category: 'camp', orders: 1, avg_basket_value: 10, avg_basket_units: 1,
        multi_item_share: 0, typical_gap_days: null, expected_next_order: null, as_of: '2024-03-01',
      },
      {
        who: 'C', preferred_channel: null, preferred_channel_events: 0, best_send_day: null, best_send_hour: null, send_time_events: 0, send_time_zone: 'Europe/Berlin', send_time_zone_source: 'shop',
        top_categories: [], top_category: null, orders: 0, avg_basket_value: null, avg_basket_units: null,
        multi_item_share: null, typical_gap_days: null, expected_next_order: null, as_of: '2024-03-01',
      },
    ]);
  });

  it('works without a products table (every category unknown) and with a lower event threshold', async () => {
    await seed();
    await t.warehouse.run('DROP TABLE products');
    await buildCustomerPreferences(t.warehouse, { asOf: '2024-03-01', timezone: 'Europe/Berlin', minEvents: 1 });
    expect(await t.warehouse.all(`SELECT ${refOf('p.customer_id')} AS who, top_category, best_send_day, best_send_hour FROM customer_preferences p ORDER BY who`)).toEqual([
      { who: 'A', top_category: null, best_send_day: 'Tuesday', best_send_hour: 9 },
      { who: 'B', top_category: null, best_send_day: 'Monday', best_send_hour: 9 },   // 2024-01-08 08:00 UTC = Monday 09:00 Berlin
      { who: 'C', top_category: null, best_send_day: null, best_send_hour: null },
    ]);
  });

  it("reads each customer's opens in their own zone: contact country first, then phone country, else the shop's", async () => {
    // Five opens each, every Tuesday of January 2024 (2, 9, 16, 23, 30) at 03:30 UTC (winter time everywhere below).
    // G: contact in GB (and a German phone: the contact's country wins) -> London, UTC+0: Tuesday 03 h.
    // P: contact in the US (several zones: no answer), phone +49 -> Berlin, UTC+1: Tuesday 04 h.
    // S: no contact, no phone -> the shop's zone, New York, UTC-5: Monday 22 h.
    await insertRows(t.warehouse, contactsChannel, [
      { contact_id: 'c-g', email: 'g@x.com', phone: '+4915123456780', country: 'GB', updated_at: '2024-01-01T00:00:00Z' },
      { contact_id: 'c-p', email: 'p@x.com', phone: '+4915123456789', country: 'US', updated_at: '2024-01-01T00:00:00Z' },
    ]);
    const tuesdays = ['02', '09', '16', '23', '30'].map((d) => `2024-01-${d}`);
    await insertRows(t.warehouse, emailChannel, ['g', 'p', 's'].flatMap((who) => tuesdays.map((d, i) =>
      ({ event_id: `${who}${i}`, event_type: 'open', email: `${who}@x.com`, occurred_at: `${d}T03:30:00Z` }))));
    await buildIdentities(t.warehouse);
    await buildCustomer360(t.warehouse, { asOf: '2024-03-01' });
    await buildCustomerPreferences(t.warehouse, { asOf: '2024-03-01', timezone: 'America/New_York' });
    expect(await t.warehouse.all(`SELECT (SELECT min(value) FROM identities i WHERE i.customer_id = p.customer_id AND i.kind = 'email') AS who,
        best_send_day, best_send_hour, send_time_zone, send_time_zone_source FROM customer_preferences p ORDER BY who`)).toEqual([
      { who: 'g@x.com', best_send_day: 'Tuesday', best_send_hour: 3, send_time_zone: 'Europe/London', send_time_zone_source: 'contact' },
      { who: 'p@x.com', best_send_day: 'Tuesday', best_send_hour: 4, send_time_zone: 'Europe/Berlin', send_time_zone_source: 'phone' },
      { who: 's@x.com', best_send_day: 'Monday', best_send_hour: 22, send_time_zone: 'America/New_York', send_time_zone_source: 'shop' },
    ]);
  });

  it('recomputes only the customers customer_360 recomputed, and equals a full build; a new category rebuilds everyone', async () => {
    await seed();
    await buildCustomerPreferences(t.warehouse, { asOf: '2024-03-01', timezone: 'Europe/Berlin' });
    // Four days on: A's order o6 (2 March) now counts, B opens four more emails (five: a send time), D is new; C has
    // nothing new, so only C's as_of may change.
    await insertRows(t.warehouse, emailChannel, ['03', '04', '04', '04'].map((d, i) =>
      ({ event_id: `b${i}`, event_type: 'open', email: 'b@x.com', occurred_at: `2024-03-${d}T1${i}:00:00Z` })));
    await insertRows(t.warehouse, ordersChannel, [{ order_id: 'o7', line_no: 1, customer_ref: 'D', email: 'd@x.com', status: 'completed',
      currency: 'EUR', sku: 'TEE', quantity: 1, amount: 20, ordered_at: '2024-03-03T10:00:00Z' }]);
    await buildIdentities(t.warehouse);
    await buildCustomer360(t.warehouse, { asOf: '2024-03-05' });
    const r = await buildCustomerPreferences(t.warehouse, { asOf: '2024-03-05', timezone: 'Europe/Berlin' });
    expect(r).toMatchObject({ full: false, reason: 'changed customers only', recomputed: 3, customers: 4, withSendTime: 2 });
    await t.warehouse.run('CREATE TABLE incremental AS SELECT * FROM customer_preferences');
    expect(await buildCustomerPreferences(t.warehouse, { asOf: '2024-03-05', timezone: 'Europe/Berlin', full: true })).toMatchObject({ full: true, recomputed: 4 });
    const differ = `SELECT count(*)::INTEGER AS n FROM ((SELECT * FROM incremental EXCEPT ALL SELECT * FROM customer_preferences)
      UNION ALL (SELECT * FROM customer_preferences EXCEPT ALL SELECT * FROM incremental))`;
    expect(await t.warehouse.all(differ)).toEqual([{ n: 0 }]);
    // A's orders: o1, o2, o3 and now o6 (MUG x5, 50): 4 orders, (40 + 40 + 10 + 50) / 4 = 35.
    expect(await t.warehouse.all(`SELECT orders, avg_basket_value FROM customer_preferences p
      WHERE customer_id = (SELECT customer_id FROM identities WHERE value = 'a@x.com')`)).toEqual([{ orders: 4, avg_basket_value: 35 }]);
    await insertRows(t.warehouse, productsReference, [{ sku: 'GIFT', category: 'gifts', active: true }]);
    expect(await buildCustomerPreferences(t.warehouse, { asOf: '2024-03-05', timezone: 'Europe/Berlin' }))
      .toMatchObject({ full: true, reason: 'its settings or reference data changed' });
  });

  it('looks for the records itself when two customer_360 builds ran since its own (no kept owners cover both), and equals a full build', async () => {
    await seed();
    await buildCustomerPreferences(t.warehouse, { asOf: '2024-03-01', timezone: 'Europe/Berlin' });
    // Build 2 (A's order o6 now counts, B's opens) and build 3 (D's first order): the latest build's kept owners
    // are D's alone, so A's and B's records are found from their raw values.
    await insertRows(t.warehouse, emailChannel, ['03', '04', '04', '04'].map((d, i) =>
      ({ event_id: `b${i}`, event_type: 'open', email: 'b@x.com', occurred_at: `2024-03-${d}T1${i}:00:00Z` })));
    await buildIdentities(t.warehouse);
    await buildCustomer360(t.warehouse, { asOf: '2024-03-05' });
    await insertRows(t.warehouse, ordersChannel, [{ order_id: 'o7', line_no: 1, customer_ref: 'D', email: 'd@x.com', status: 'completed',
      currency: 'EUR', sku: 'TEE', quantity: 1, amount: 20, ordered_at: '2024-03-03T10:00:00Z' }]);
    await buildIdentities(t.warehouse);
    await buildCustomer360(t.warehouse, { asOf: '2024-03-05' });
    expect(await t.warehouse.all('SELECT DISTINCT build::INTEGER AS build FROM customer_360_record_owners')).toEqual([{ build: 3 }]);
    const r = await buildCustomerPreferences(t.warehouse, { asOf: '2024-03-05', timezone: 'Europe/Berlin' });
    expect(r).toMatchObject({ full: false, reason: 'changed customers only', recomputed: 3, customers: 4, withSendTime: 2 });
    await t.warehouse.run('CREATE TABLE incremental AS SELECT * FROM customer_preferences');
    await buildCustomerPreferences(t.warehouse, { asOf: '2024-03-05', timezone: 'Europe/Berlin', full: true });
    expect(await t.warehouse.all(`SELECT count(*)::INTEGER AS n FROM ((SELECT * FROM incremental EXCEPT ALL SELECT * FROM customer_preferences)
      UNION ALL (SELECT * FROM customer_preferences EXCEPT ALL SELECT * FROM incremental))`)).toEqual([{ n: 0 }]);
  });

  it("reads a full customer_360 build's kept owners in a full build, which give what customer_records gives", async () => {
    await seed();   // a full customer_360 build: it keeps every linking record's owner
    await buildCustomerPreferences(t.warehouse, { asOf: '2024-03-01', timezone: 'Europe/Berlin' });
    await t.warehouse.run('CREATE TABLE from_owners AS SELECT * FROM customer_preferences; CREATE TABLE saved AS SELECT * FROM customer_360_record_owners');
    expect(await t.warehouse.all(`SELECT record_id, ${refOf('s.customer_id')} AS who FROM saved s WHERE channel = 'orders' ORDER BY record_id`)).toEqual(
      ['R-o2', 'o1', 'o2', 'o3', 'o4', 'o5', 'o6'].map((record_id) => ({ record_id, who: ({ o4: 'B', o5: 'C' } as Record<string, string>)[record_id] ?? 'A' })));
    // Without them the full build decides every record's owner through customer_records: the same table.
    await t.warehouse.run('DELETE FROM customer_360_record_owners');
    await buildCustomerPreferences(t.warehouse, { asOf: '2024-03-01', timezone: 'Europe/Berlin', full: true });
    expect(await t.warehouse.all(`SELECT count(*)::INTEGER AS n FROM ((SELECT * FROM from_owners EXCEPT ALL SELECT * FROM customer_preferences)
      UNION ALL (SELECT * FROM customer_preferences EXCEPT ALL SELECT * FROM from_owners))`)).toEqual([{ n: 0 }]);
    // With them it reads them: kept owners that give B's order o4 to A leave B one email open and no order (email is
    // then B's channel, not orders), and give A four orders (email stays A's channel, six events).
    await t.warehouse.run(`INSERT INTO customer_360_record_owners SELECT build, channel, record_id,
      CASE WHEN record_id = 'o4' THEN (SELECT customer_id FROM saved WHERE record_id = 'o1') ELSE customer_id END FROM saved`);
    await buildCustomerPreferences(t.warehouse, { asOf: '2024-03-01', timezone: 'Europe/Berlin', full: true });
    expect(await t.warehouse.all(`SELECT ${refOf('p.customer_id')} AS who, preferred_channel, preferred_channel_events AS events
      FROM customer_preferences p ORDER BY who`)).toEqual([
      { who: 'A', preferred_channel: 'email', events: 6 }, { who: 'B', preferred_channel: 'email', events: 1 }, { who: 'C', preferred_channel: null, events: 0 },
    ]);
  });

  it('says what is wrong with the threshold', async () => {
    await expect(buildCustomerPreferences(t.warehouse, { asOf: '2024-03-01', minEvents: 0 })).rejects.toThrow(/minEvents is 0, expected a whole number of at least 1/);
  });
});
