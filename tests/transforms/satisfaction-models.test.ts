// customer_360's support and sentiment columns, customer_sentiment and satisfaction_churn on a real DuckDB file, against a hand-worked example.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { feedbackChannel, ordersChannel, socialChannel, supportChannel } from '../../sources/contracts/index.js';
import { buildCustomer360 } from '../../transforms/customer-360.js';
import { buildCustomerSentiment } from '../../transforms/customer-sentiment.js';
import { buildIdentities } from '../../transforms/identities.js';
import { buildSatisfactionChurn } from '../../transforms/satisfaction-churn.js';
import { insertRows } from '../helpers/channel-rows.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

const asOf = '2026-07-01';
const order = (order_id: string, email: string, ordered_at: string) => ({ order_id, line_no: 1, email, status: 'completed', currency: 'EUR', quantity: 1, amount: 20, ordered_at });
const msg = (message_id: string, conversation_id: string, direction: string, email: string, status_after: string | null, occurred_at: string, sentiment: number | null = null) =>
  ({ message_id, conversation_id, medium: 'email', direction, email, status_after, occurred_at, sentiment, text: sentiment === null ? null : 'scored' });
const survey = (response_id: string, email: string, score: number, occurred_at: string, sentiment: number | null = null) =>
  ({ response_id, survey: 'nps', score, email, occurred_at, sentiment, comment: sentiment === null ? null : 'scored' });

/**
 * Four buyers as of 2026-07-01 (churn after 180 days, SLA 60 minutes):
 * Ann: one order 06-01; NPS 10 (promoter); c1 answered after 30 min and solved; texts -0.5 (support 06-01), 0.6 (survey 06-05).
 * Bob: orders 2025-01-01 and 2025-02-01 (repeat; churned on 2025-07-31); NPS 3 (detractor); c2 answered after 120 min,
 *      pending, then he wrote again (waiting for an answer); texts -0.4 (06-10), -0.8 (06-11).
 * Cy: one order 03-01; no NPS; c3 never answered; c4 only the business wrote (not a conversation he opened); no text.
 * Dee: one order 2025-06-01 (churned 2025-11-28); NPS 8 (passive); no support; social texts 0.3 (01-15), 0.5 (05-01).
 */
async function seed() {
  await insertRows(t.warehouse, ordersChannel, [
    order('o1', 'ann@example.com', '2026-06-01T08:00:00Z'), order('o2', 'bob@example.com', '2025-01-01T08:00:00Z'),
    order('o3', 'bob@example.com', '2025-02-01T08:00:00Z'), order('o4', 'cy@example.com', '2026-03-01T08:00:00Z'),
    order('o5', 'dee@example.com', '2025-06-01T08:00:00Z'),
  ]);
  await insertRows(t.warehouse, supportChannel, [
    msg('a1', 'c1', 'inbound', 'ann@example.com', 'open', '2026-06-01T09:00:00Z', -0.5), msg('a2', 'c1', 'outbound', 'ann@example.com', 'solved', '2026-06-01T09:30:00Z'),
    msg('b1', 'c2', 'inbound', 'bob@example.com', 'open', '2026-06-10T10:00:00Z', -0.4), msg('b2', 'c2', 'outbound', 'bob@example.com', 'pending', '2026-06-10T12:00:00Z'),
    msg('b3', 'c2', 'inbound', 'bob@example.com', null, '2026-06-11T10:00:00Z', -0.8),
    msg('c1', 'c3', 'inbound', 'cy@example.com', 'open', '2026-06-20T10:00:00Z'), msg('c2', 'c4', 'outbound', 'cy@example.com', null, '2026-06-21T10:00:00Z'),
    msg('late', 'c3', 'outbound', 'cy@example.com', 'solved', '2026-07-02T10:00:00Z'), // after as_of: does not count
  ]);
  await insertRows(t.warehouse, feedbackChannel, [
    survey('r1', 'ann@example.com', 10, '2026-06-05T10:00:00Z', 0.6), survey('r2', 'bob@example.com', 3, '2026-06-10T09:00:00Z'),
    survey('r3', 'dee@example.com', 8, '2026-02-01T10:00:00Z'),
  ]);
  await insertRows(t.warehouse, socialChannel, [
    { interaction_id: 's1', platform: 'instagram', handle: 'dee', kind: 'comment', profile_email: 'dee@example.com', text: 'x', occurred_at: '2026-01-15T10:00:00Z', sentiment: 0.3 },
    { interaction_id: 's2', platform: 'instagram', handle: 'dee', kind: 'comment', profile_email: 'dee@example.com', text: 'y', occurred_at: '2026-05-01T10:00:00Z', sentiment: 0.5 },
  ]);
  await buildIdentities(t.warehouse);
  await buildCustomer360(t.warehouse, { asOf });
}

describe('satisfaction columns and models', () => {
  it("give customer_360 each customer's open, waiting and unanswered conversations, median first response, last NPS and latest sentiment", async () => {
    await seed();
    expect(await t.warehouse.all(`SELECT primary_email AS email, support_conversations AS conv, open_conversations AS open, awaiting_answer AS waiting,
        unanswered_conversations AS unanswered, median_first_response_minutes AS frt, last_nps_score AS nps, sentiment
      FROM customer_360 ORDER BY primary_email`)).toEqual([
      { email: 'ann@example.com', conv: 1, open: 0, waiting: 0, unanswered: 0, frt: 30, nps: 10, sentiment: 0.6 }, // the survey comment is later
      { email: 'bob@example.com', conv: 1, open: 1, waiting: 1, unanswered: 0, frt: 120, nps: 3, sentiment: -0.8 },
      { email: 'cy@example.com', conv: 2, open: 1, waiting: 1, unanswered: 1, frt: null, nps: null, sentiment: null },
      { email: 'dee@example.com', conv: 0, open: 0, waiting: 0, unanswered: 0, frt: null, nps: 8, sentiment: 0.5 },
    ]);
  });

  it('give customer_sentiment the latest score, the mean and the trend between the last two 90-day windows', async () => {
    await seed();
    expect(await buildCustomerSentiment(t.warehouse, { asOf })).toEqual({ customers: 3, full: true, reason: 'first build', recomputed: 3 });
    const rows = await t.warehouse.all<Record<string, unknown>>(`SELECT c.primary_email AS email, scored_texts AS n, round(mean_sentiment, 6) AS mean,
        latest_sentiment AS latest, latest_channel AS channel, round(recent_mean, 6) AS recent, previous_mean AS previous, round(trend, 6) AS trend
      FROM customer_sentiment s JOIN customer_360 c USING (customer_id) ORDER BY email`);
    expect(rows).toEqual([
      { email: 'ann@example.com', n: 2, mean: 0.05, latest: 0.6, channel: 'feedback', recent: 0.05, previous: null, trend: null },
      { email: 'bob@example.com', n: 2, mean: -0.6, latest: -0.8, channel: 'support', recent: -0.6, previous: null, trend: null },
      // Recent window 2026-04-02 .. 07-01: 0.5; previous 2026-01-02 .. 04-02: 0.3.
      { email: 'dee@example.com', n: 2, mean: 0.4, latest: 0.5, channel: 'social', recent: 0.5, previous: 0.3, trend: 0.2 },
    ]);
  });

  it('moves customer_sentiment on a month with no new text: only the customers whose texts crossed a window edge change, as in a full build', async () => {
    await seed();
    await buildCustomerSentiment(t.warehouse, { asOf });
    await buildIdentities(t.warehouse);
    await buildCustomer360(t.warehouse, { asOf: '2026-08-01' });
    // As of 08-01 the recent window is 05-03 .. 08-01 and the previous one 02-02 .. 05-03: Dee's 0.5 (05-01) moves to
    // the previous window and her 0.3 (01-15) leaves it; Ann's and Bob's June texts stay recent.
    expect(await buildCustomerSentiment(t.warehouse, { asOf: '2026-08-01' })).toEqual({ customers: 3, full: false, reason: 'changed customers only', recomputed: 1 });
    const read = () => t.warehouse.all<Record<string, unknown>>(`SELECT c.primary_email AS email, scored_texts AS n, round(recent_mean, 6) AS recent,
        previous_mean AS previous, trend, strftime(s.as_of, '%Y-%m-%d') AS as_of FROM customer_sentiment s JOIN customer_360 c USING (customer_id) ORDER BY email`);
    const incremental = await read();
    expect(incremental).toEqual([
      { email: 'ann@example.com', n: 2, recent: 0.05, previous: null, trend: null, as_of: '2026-08-01' },
      { email: 'bob@example.com', n: 2, recent: -0.6, previous: null, trend: null, as_of: '2026-08-01' },
      { email: 'dee@example.com', n: 2, recent: null, previous: 0.5, trend: null, as_of: '2026-08-01' },
    ]);
    expect(await buildCustomerSentiment(t.warehouse, { asOf: '2026-08-01', full: true })).toMatchObject({ full: true, recomputed: 3 });
    expect(await read()).toEqual(incremental);
  });

  it("reads a full customer_360 build's kept owners in a full customer_sentiment build, which give what customer_records gives", async () => {
    await seed();   // a full customer_360 build: it keeps every linking record's owner
    await buildCustomerSentiment(t.warehouse, { asOf });
    await t.warehouse.run('CREATE TABLE from_owners AS SELECT * FROM customer_sentiment; CREATE TABLE saved AS SELECT * FROM customer_360_record_owners');
    await t.warehouse.run('DELETE FROM customer_360_record_owners');
    await buildCustomerSentiment(t.warehouse, { asOf, full: true });
    expect(await t.warehouse.all(`SELECT count(*)::INTEGER AS n FROM ((SELECT * FROM from_owners EXCEPT ALL SELECT * FROM customer_sentiment)
      UNION ALL (SELECT * FROM customer_sentiment EXCEPT ALL SELECT * FROM from_owners))`)).toEqual([{ n: 0 }]);
    // Kept owners that give Dee's two social comments to Ann: Ann has four texts, Dee none (no row).
    await t.warehouse.run(`INSERT INTO customer_360_record_owners SELECT build, channel, record_id,
      CASE WHEN channel = 'social' THEN (SELECT customer_id FROM customer_360 WHERE primary_email = 'ann@example.com') ELSE customer_id END FROM saved`);
    await buildCustomerSentiment(t.warehouse, { asOf, full: true });
    expect(await t.warehouse.all(`SELECT c.primary_email AS email, scored_texts AS n FROM customer_sentiment s JOIN customer_360 c USING (customer_id)
      ORDER BY email`)).toEqual([{ email: 'ann@example.com', n: 4 }, { email: 'bob@example.com', n: 2 }]);
  });

  it('count churn and repeat purchase per NPS group and responsiveness band, with a Wilson interval', async () => {
    await seed();
    expect(await buildSatisfactionChurn(t.warehouse, { asOf, churnDays: 180, slaMinutes: 60 })).toEqual({ rows: 8 });
    expect(await t.warehouse.all(`SELECT grouping, group_name AS g, customers AS n, churned, churn_rate AS rate, repeat_customers AS repeats, repeat_rate
      FROM satisfaction_churn ORDER BY grouping, group_order`)).toEqual([
      { grouping: 'nps_group', g: 'promoter', n: 1, churned: 0, rate: 0, repeats: 0, repeat_rate: 0 }, // Ann
      { grouping: 'nps_group', g: 'passive', n: 1, churned: 1, rate: 1, repeats: 0, repeat_rate: 0 }, // Dee
      { grouping: 'nps_group', g: 'detractor', n: 1, churned: 1, rate: 1, repeats: 1, repeat_rate: 1 }, // Bob
      { grouping: 'nps_group', g: 'no answer', n: 1, churned: 0, rate: 0, repeats: 0, repeat_rate: 0 }, // Cy
      { grouping: 'responsiveness_band', g: 'within SLA', n: 1, churned: 0, rate: 0, repeats: 0, repeat_rate: 0 }, // Ann: 30 min
      { grouping: 'responsiveness_band', g: 'over SLA', n: 1, churned: 1, rate: 1, repeats: 1, repeat_rate: 1 }, // Bob: 120 min
      { grouping: 'responsiveness_band', g: 'unanswered', n: 1, churned: 0, rate: 0, repeats: 0, repeat_rate: 0 }, // Cy
      { grouping: 'responsiveness_band', g: 'no conversation', n: 1, churned: 1, rate: 1, repeats: 0, repeat_rate: 0 }, // Dee
    ]);
    // Wilson with n = 1, z = 1.96: for 1 of 1, low = 1 / (1 + z^2) = 0.20654, high = 1; for 0 of 1, low = 0, high = z^2 / (1 + z^2) = 0.79346.
    const [one, zero] = await t.warehouse.all<{ low: number; high: number }>(`SELECT round(churn_rate_ci_low, 5) AS low, round(churn_rate_ci_high, 5) AS high
      FROM satisfaction_churn WHERE grouping = 'nps_group' AND group_name IN ('detractor', 'promoter') ORDER BY group_name`);
    expect(one).toEqual({ low: 0.20654, high: 1 });
    expect(zero).toEqual({ low: 0, high: 0.79346 });
  });

  it('keeps every group, with NULL rates, when there are no buyers', async () => {
    await buildIdentities(t.warehouse);
    await buildCustomer360(t.warehouse, { asOf });
    await buildSatisfactionChurn(t.warehouse, { asOf, churnDays: 180, slaMinutes: 60 });
    expect(await t.warehouse.all('SELECT count(*) AS n, count(churn_rate) AS rated, sum(customers)::INTEGER AS customers FROM satisfaction_churn')).toEqual([{ n: 8, rated: 0, customers: 0 }]);
  });
});
