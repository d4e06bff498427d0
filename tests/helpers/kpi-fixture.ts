// A small shop for KPI report tests: order, email and social rows around one week, loaded and transformed.
import { emailChannel, ordersChannel, socialChannel } from '../../sources/contracts/index.js';
import { buildCohortRetention } from '../../transforms/cohort-retention.js';
import { buildCustomer360 } from '../../transforms/customer-360.js';
import { buildIdentities } from '../../transforms/identities.js';
import { buildRfmSegments } from '../../transforms/rfm-segments.js';
import type { Warehouse } from '../../warehouse/warehouse.js';
import { insertRows } from './channel-rows.js';

/** Report week: Mon 2026-02-23 to Sun 2026-03-01; the previous week starts 2026-02-16. */
export const AS_OF = '2026-03-02';
export const PERIOD_START = '2026-02-23';

export interface OrderLineFixture {
  readonly order_id: string;
  readonly line_no: number;
  readonly email: string | null;
  readonly status: 'completed' | 'refunded' | 'cancelled';
  readonly amount: number;
  readonly ordered_at: string;
}

const line = (order_id: string, email: string | null, amount: number, ordered_at: string, status: OrderLineFixture['status'] = 'completed', line_no = 1): OrderLineFixture =>
  ({ order_id, line_no, email, status, amount, ordered_at });

/** One email per customer, so a test can use the email as the customer. */
export const orderLines: readonly OrderLineFixture[] = [
  line('F1', 'fay@example.com', 200, '2025-12-05T10:00:00Z'),
  line('A1', 'ann@example.com', 100, '2026-01-10T10:00:00Z'),
  line('A2', 'ann@example.com', 50, '2026-02-17T10:00:00Z'),
  line('A3', 'ann@example.com', 30, '2026-02-24T10:00:00Z'),
  line('A3', 'ann@example.com', 40, '2026-02-24T10:00:00Z', 'completed', 2),
  line('B1', 'bob@example.com', 80, '2026-02-18T10:00:00Z'),
  line('R-B1', 'bob@example.com', -30, '2026-02-25T10:00:00Z', 'refunded'),
  line('C1', 'cy@example.com', 40, '2026-02-25T10:00:00Z'),
  line('C2', 'cy@example.com', 60, '2026-02-26T10:00:00Z'),
  line('D1', 'dan@example.com', 40, '2026-02-27T10:00:00Z', 'cancelled'),
  line('N1', null, 25, '2026-02-28T10:00:00Z'), // no identifier: revenue, but no customer
  line('G1', 'gus@example.com', 15, '2026-02-20T10:00:00Z'),
  line('G2', 'gus@example.com', -15, '2026-02-22T10:00:00Z', 'refunded'),
  line('J1', 'jo@example.com', 20, '2026-02-23T00:30:00+02:00'), // 22:30 UTC on Sunday: the previous week
  line('H1', 'hal@example.com', 10, '2026-03-01T23:30:00Z'), // last half hour of the week
  line('I1', 'ivy@example.com', 999, '2026-03-02T00:00:00Z'), // on the as-of date: excluded
];

export type EmailFixture = { readonly event_id: string; readonly event_type: string; readonly email: string; readonly campaign_id: string | null; readonly occurred_at: string };
export const emailEvents: readonly EmailFixture[] = [
  ['e1', 'send', 'ann@example.com', 'K1', '2026-02-17T08:00:00Z'], ['e2', 'send', 'bob@example.com', 'K1', '2026-02-17T08:00:00Z'],
  ['e3', 'open', 'ann@example.com', 'K1', '2026-02-17T09:00:00Z'],
  ['e4', 'send', 'ann@example.com', 'K2', '2026-02-24T08:00:00Z'], ['e5', 'send', 'BOB@example.com ', 'K2', '2026-02-24T08:00:00Z'],
  ['e6', 'send', 'cy@example.com', 'K2', '2026-02-24T08:00:00Z'],
  ['e7', 'open', 'ann@example.com', 'K2', '2026-02-24T09:00:00Z'], ['e8', 'open', 'Ann@example.com', 'K2', '2026-02-25T09:00:00Z'],
  ['e9', 'open', 'bob@example.com', 'K2', '2026-02-24T10:00:00Z'], ['e10', 'click', 'ann@example.com', 'K2', '2026-02-24T09:05:00Z'],
  ['e11', 'open', 'cy@example.com', null, '2026-02-26T10:00:00Z'],
  ['e12', 'send', 'ann@example.com', 'K3', '2026-03-02T08:00:00Z'], // on the as-of date: excluded
].map(([event_id, event_type, email, campaign_id, occurred_at]) => ({ event_id: event_id!, event_type: event_type!, email: email!, campaign_id: campaign_id ?? null, occurred_at: occurred_at! }));

export type SocialFixture = { readonly interaction_id: string; readonly platform: string; readonly handle: string; readonly kind: string; readonly occurred_at: string };
export const socialInteractions: readonly SocialFixture[] = [
  ['s1', 'x', '@ann', 'like', '2026-02-18T10:00:00Z'], ['s2', 'x', '@ann', 'comment', '2026-02-24T10:00:00Z'],
  ['s3', 'x', '@bob', 'dm', '2026-02-25T10:00:00Z'], ['s4', 'instagram', 'cy', 'share', '2026-02-26T10:00:00Z'],
  ['s5', 'instagram', 'cy', 'mention', '2026-02-19T10:00:00Z'], ['s6', 'instagram', 'cy', 'reply', '2026-02-20T10:00:00Z'],
  ['s7', 'x', '@ann', 'like', '2026-02-10T10:00:00Z'], // two weeks before: outside both periods
].map(([interaction_id, platform, handle, kind, occurred_at]) => ({ interaction_id: interaction_id!, platform: platform!, handle: handle!, kind: kind!, occurred_at: occurred_at! }));

/**
 * Loads the fixture rows and runs the transforms as the daily pipeline would: once as of the period's start
 * (leaving an RFM snapshot to compare with) and once as of {@link AS_OF}.
 */
export async function loadKpiFixture(wh: Warehouse): Promise<void> {
  await insertRows(wh, ordersChannel, orderLines.map((l) => ({ ...l, currency: 'EUR', quantity: 1 })));
  await insertRows(wh, emailChannel, emailEvents);
  await insertRows(wh, socialChannel, socialInteractions);
  await buildIdentities(wh);
  for (const asOf of [PERIOD_START, AS_OF]) {
    await buildCustomer360(wh, { asOf });
    await buildRfmSegments(wh, { asOf });
    await buildCohortRetention(wh, { asOf });
  }
}
