// How each source file writes a well-formed row and how it breaks one on purpose, one defect kind at a time.

import { formatCents } from './create-orders.js';
import { CURRENCY } from './shop.js';
import type { EmailEvent } from './create-email-events.js';
import type { OrderLine } from './create-orders.js';
import type { SocialInteraction } from './create-social-interactions.js';
import type { Prng } from '../../shared/prng.js';
import type { MalformedKind } from './sample-summary.js';

/** Renders rows of one file, well-formed or broken. */
export interface RowFormat<R> {
  /** Value of `source` in ground_truth.csv. */
  readonly source: 'email' | 'social' | 'orders';
  /** The malformed kinds this file gets, in rotation. */
  readonly kinds: readonly MalformedKind[];
  render(row: R): string;
  /** Renders `row` with exactly one defect of `kind`. */
  malform(row: R, kind: MalformedKind, rng: Prng): string;
}

/** Header lines, exactly as the loaders expect them. */
export const HEADERS = {
  emailEvents: 'event_id,event_type,email,campaign_id,occurred_at,url',
  orders: 'order_id,line_no,customer_ref,email,phone,status,currency,sku,quantity,unit_price,amount,ordered_at',
  groundTruth: 'source,record_id,person_id',
} as const;

/** Turns a valid `YYYY-MM-DDTHH:MM:SS±HH:MM` into something neither ISO-8601 nor `Date.parse` accepts. */
function breakTimestamp(ts: string, rng: Prng): string {
  const [y, m, d, hh, mm, ss] = [ts.slice(0, 4), ts.slice(5, 7), ts.slice(8, 10), ts.slice(11, 13), ts.slice(14, 16), ts.slice(17, 19)];
  return rng.pick([
    () => `${d}.${m}.${y} ${hh}:${mm}`,
    () => `${y}-13-${d}T${hh}:${mm}:${ss}Z`,
    () => `${y}-${m}-${d}T25:${mm}:${ss}Z`,
    () => `${y}-${m}-${d} ${hh}:${mm}:${ss} CEST`,
    () => 'n/a',
  ])();
}

function wrongKind(kind: MalformedKind, file: string): never {
  throw new Error(`sample: malformed kind "${kind}" is not defined for ${file}`);
}

/** email_events.csv rows. */
export const emailEventFormat: RowFormat<EmailEvent> = {
  source: 'email',
  kinds: ['wrong_column_count', 'unparseable_timestamp', 'missing_required_field', 'unknown_event_type'],
  render: (e) => `${e.eventId},${e.type},${e.email},${e.campaignId},${e.occurredAt},${e.url}`,
  malform(e, kind, rng) {
    switch (kind) {
      case 'wrong_column_count':
        return rng.chance(0.5) ? `${e.eventId},${e.type},${e.email},${e.campaignId},${e.occurredAt}` : `${this.render(e)},v2`;
      case 'unparseable_timestamp':
        return this.render({ ...e, occurredAt: breakTimestamp(e.occurredAt, rng) });
      case 'missing_required_field':
        return this.render(rng.chance(0.5) ? { ...e, eventId: '' } : { ...e, email: '' });
      case 'unknown_event_type':
        return `${e.eventId},${rng.pick(['deferred', 'dropped', 'processed', 'spamreport'])},${e.email},${e.campaignId},${e.occurredAt},${e.url}`;
      default:
        return wrongKind(kind, 'email_events.csv');
    }
  },
};

/** An order line as CSV, with the amount column given as text so it can be broken. */
function orderCsv(o: OrderLine, amount: string): string {
  return `${o.orderId},${o.lineNo},${o.customerRef},${o.email},${o.phone},${o.status},${CURRENCY},${o.sku},${o.quantity},${formatCents(o.unitPriceCents)},${amount},${o.orderedAt}`;
}

/** orders.csv rows (one per order line). */
export const orderLineFormat: RowFormat<OrderLine> = {
  source: 'orders',
  kinds: ['wrong_column_count', 'unparseable_timestamp', 'missing_required_field', 'non_numeric_amount'],
  render: (o) => orderCsv(o, formatCents(o.amountCents)),
  malform(o, kind, rng) {
    const amount = formatCents(o.amountCents);
    switch (kind) {
      case 'wrong_column_count':
        // An unquoted comma in a variant name, or a line cut short by a broken export.
        return rng.chance(0.5) ? orderCsv({ ...o, sku: `${o.sku},${rng.pick(['S', 'M', 'L', 'XL'])}` }, amount) : orderCsv(o, amount).split(',').slice(0, 10).join(',');
      case 'unparseable_timestamp':
        return orderCsv({ ...o, orderedAt: breakTimestamp(o.orderedAt, rng) }, amount);
      case 'missing_required_field':
        return orderCsv({ ...o, orderId: '' }, amount);
      case 'non_numeric_amount':
        return orderCsv(o, rng.pick([`"${amount.replace('.', ',')}"`, 'N/A', `${amount} EUR`, `€${amount}`]));
      default:
        return wrongKind(kind, 'orders.csv');
    }
  },
};

/** social_interactions.ndjson lines. */
export const socialFormat: RowFormat<SocialInteraction> = {
  source: 'social',
  kinds: ['invalid_json', 'unparseable_timestamp', 'missing_required_field'],
  render: (s) => JSON.stringify(s),
  malform(s, kind, rng) {
    switch (kind) {
      case 'invalid_json': {
        const json = JSON.stringify(s);
        // A line cut mid-write, a Python-style dump, or a hand-edited trailing comma.
        return rng.pick([() => json.slice(0, 10 + rng.int(json.length - 11)), () => json.replaceAll('"', "'"), () => `${json.slice(0, -1)},}`])();
      }
      case 'unparseable_timestamp':
        return JSON.stringify({ ...s, occurred_at: breakTimestamp(s.occurred_at, rng) });
      case 'missing_required_field': {
        if (rng.chance(0.5)) return JSON.stringify({ ...s, interaction_id: null });
        const { interaction_id: _dropped, ...rest } = s;
        return JSON.stringify(rest);
      }
      default:
        return wrongKind(kind, 'social_interactions.ndjson');
    }
  },
};
