import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emailChannel, ordersChannel, socialChannel } from '../../sources/contracts/index.js';
import { buildCohortRetention } from '../../transforms/cohort-retention.js';
import { buildCustomer360 } from '../../transforms/customer-360.js';
import { buildIdentities } from '../../transforms/identities.js';
import { buildRfmSegments } from '../../transforms/rfm-segments.js';
import { insertRows } from '../helpers/channel-rows.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

const line = (order_id: string, extra: Record<string, string | number>) => ({
  order_id, line_no: 1, status: 'completed', currency: 'EUR', quantity: 1, ...extra,
});

async function seed() {
  // Ann: account A1 with two emails, a social handle linked by phone; Bob: one order plus a refund; Cy: email only.
  await insertRows(t.warehouse, ordersChannel, [
    line('o1', { customer_ref: 'A1', email: ' Ann@Example.com', phone: '+44 7700 900123', amount: 100, ordered_at: '2026-01-10T10:00:00Z' }),
    line('o2', { customer_ref: 'A1', email: 'ann.work@example.com', amount: 50, ordered_at: '2026-02-20T10:00:00Z' }),
    line('o3', { email: 'bob@example.com', amount: 80, ordered_at: '2026-02-01T10:00:00Z' }),
    line('R-o3', { email: 'bob@example.com', status: 'refunded', amount: -30, ordered_at: '2026-02-05T10:00:00Z' }),
    line('o4', { email: 'dan@example.com', status: 'cancelled', amount: 40, ordered_at: '2026-02-06T10:00:00Z' }),
  ]);
  await insertRows(t.warehouse, emailChannel, [
    { event_id: 'e1', event_type: 'send', email: 'ann@example.com', occurred_at: '2026-02-01T08:00:00Z' },
    { event_id: 'e2', event_type: 'open', email: 'ANN@example.com', occurred_at: '2026-02-01T09:00:00Z' },
    { event_id: 'e3', event_type: 'unsubscribe', email: 'cy@example.com', occurred_at: '2026-02-02T09:00:00Z' },
  ]);
  await insertRows(t.warehouse, socialChannel, [
    { interaction_id: 's1', platform: 'x', handle: '@AnnD', kind: 'dm', profile_phone: '0044 7700 900123', occurred_at: '2026-02-25T09:00:00Z' },
  ]);
}

describe('identities, customer_360, rfm_segments and cohort_retention', () => {
  it('links emails, accounts, phones and handles that share a record into one customer', async () => {
    await seed();
    const r = await buildIdentities(t.warehouse);
    expect(r.customers).toBe(4); // Ann, Bob, Cy, Dan
    const ann = await t.warehouse.all<{ identity: string }>(
      `SELECT identity FROM identities WHERE customer_id = (SELECT customer_id FROM identities WHERE identity = 'email:ann@example.com') ORDER BY 1`);
    expect(ann.map((x) => x.identity)).toEqual([
      'account:A1', 'email:ann.work@example.com', 'email:ann@example.com', 'handle:x:annd', 'phone:+447700900123',
    ]);
  });

  it('builds one customer_360 row per customer with orders net of refunds, engagement and consent', async () => {
    await seed();
    await buildIdentities(t.warehouse);
    await buildCustomer360(t.warehouse, { asOf: '2026-03-01' });
    const rows = await t.warehouse.all<Record<string, unknown>>(
      `SELECT primary_email, orders, revenue::DOUBLE AS revenue, email_opens, email_unsubscribed, social_interactions, preferred_channel, days_since_last_interaction
       FROM customer_360 ORDER BY primary_email`);
    expect(rows).toEqual([
      { primary_email: 'ann.work@example.com', orders: 2, revenue: 150, email_opens: 1, email_unsubscribed: false, social_interactions: 1, preferred_channel: 'social', days_since_last_interaction: 4 },
      { primary_email: 'bob@example.com', orders: 1, revenue: 50, email_opens: 0, email_unsubscribed: false, social_interactions: 0, preferred_channel: 'orders', days_since_last_interaction: 28 },
      { primary_email: 'cy@example.com', orders: 0, revenue: 0, email_opens: 0, email_unsubscribed: true, social_interactions: 0, preferred_channel: null, days_since_last_interaction: null },
      { primary_email: 'dan@example.com', orders: 0, revenue: 0, email_opens: 0, email_unsubscribed: false, social_interactions: 0, preferred_channel: null, days_since_last_interaction: null },
    ]);
  });

  it('ignores data on or after the as-of date', async () => {
    await seed();
    await buildIdentities(t.warehouse);
    await buildCustomer360(t.warehouse, { asOf: '2026-02-01' });
    const [ann] = await t.warehouse.all<{ orders: number }>(`SELECT orders FROM customer_360 WHERE list_contains(accounts, 'A1')`);
    expect(ann?.orders).toBe(1);
  });

  it('scores RFM only for customers with a counted order, ties sharing a score, and keeps a dated snapshot', async () => {
    await seed();
    await buildIdentities(t.warehouse);
    await buildCustomer360(t.warehouse, { asOf: '2026-03-01' });
    const r = await buildRfmSegments(t.warehouse, { asOf: '2026-03-01' });
    expect(r.customers).toBe(2); // Dan's only order was cancelled; Cy never ordered
    const rows = await t.warehouse.all<Record<string, unknown>>(
      `SELECT c.primary_email, recency_days, frequency, monetary::DOUBLE AS monetary, r_score, f_score, m_score, segment
       FROM rfm_segments JOIN customer_360 c USING (customer_id) ORDER BY 1`);
    // Two customers: percent_rank is 0 for the worse and 1 for the better on each axis.
    expect(rows).toEqual([
      { primary_email: 'ann.work@example.com', recency_days: 9, frequency: 2, monetary: 150, r_score: 5, f_score: 5, m_score: 5, segment: 'Champions' },
      { primary_email: 'bob@example.com', recency_days: 28, frequency: 1, monetary: 50, r_score: 1, f_score: 1, m_score: 1, segment: 'Lost' },
    ]);
    await buildRfmSegments(t.warehouse, { asOf: '2026-03-01' });
    const [h] = await t.warehouse.all<{ n: number }>(`SELECT count(*) AS n FROM rfm_history`);
    expect(h?.n).toBe(2); // re-running the same as-of date replaces its snapshot
  });

  it('computes cohort retention by first-order month', async () => {
    await seed();
    await buildIdentities(t.warehouse);
    await buildCustomer360(t.warehouse, { asOf: '2026-03-01' });
    await buildCohortRetention(t.warehouse, { asOf: '2026-03-01' });
    const rows = await t.warehouse.all<Record<string, unknown>>(
      `SELECT strftime(cohort_month, '%Y-%m') AS cohort, months_since, cohort_customers, active_customers, retention_rate::DOUBLE AS rate
       FROM cohort_retention ORDER BY 1, 2`);
    expect(rows).toEqual([
      { cohort: '2026-01', months_since: 0, cohort_customers: 1, active_customers: 1, rate: 1 },
      { cohort: '2026-01', months_since: 1, cohort_customers: 1, active_customers: 1, rate: 1 },
      { cohort: '2026-02', months_since: 0, cohort_customers: 1, active_customers: 1, rate: 1 },
    ]);
  });
});
