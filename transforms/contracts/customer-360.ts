// Output columns of `customer_360`, `order_values` and the build state `customer_360_state` (transforms/customer-360.ts).
import { defineModel } from './model-contract.js';

const file = 'transforms/customer-360.ts';
const builtBy = 'the customer_360 step of the daily pipeline (`rapport run daily`)';

export const orderValues = defineModel({
  table: 'order_values', kind: 'table', oneRowPer: 'order (net value, customer)', file, builtBy,
  columns: {
    order_id: { type: 'VARCHAR', meaning: 'The order (a distinct order_id of order_lines).' },
    customer_id: { type: 'VARCHAR', nullable: true, meaning: 'Its customer; NULL when its lines carry no identifier.' },
    ordered_at: { type: 'TIMESTAMP', meaning: 'When it was placed (UTC).' },
    net_value: { type: 'DECIMAL(18,2)', meaning: "Sum of its lines' amounts; a cancelled positive line counts 0, a negative line always counts." },
    cancelled: { type: 'BOOLEAN', meaning: 'True when every line is cancelled.' },
    currency: { type: 'VARCHAR', meaning: 'Currency of its lines.' },
  },
});

// channel columns: see the channel contracts (the `channels` work generates their part of customer-360.sql).
export const customer360 = defineModel({
  table: 'customer_360', kind: 'table', oneRowPer: 'customer', file, builtBy,
  columns: {
    customer_id: { type: 'VARCHAR', meaning: 'Stable customer id from identity resolution.' },
    primary_email: { type: 'VARCHAR', nullable: true, meaning: "The email on the customer's most recent order, else the one with the most records." },
    emails: { type: 'VARCHAR[]', nullable: true, meaning: "The customer's normalised emails." },
    phones: { type: 'VARCHAR[]', nullable: true, meaning: 'Their phones (E.164).' },
    handles: { type: 'VARCHAR[]', nullable: true, meaning: "Their social handles ('platform:handle')." },
    accounts: { type: 'VARCHAR[]', nullable: true, meaning: 'Their shop account references.' },
    first_seen: { type: 'TIMESTAMP', meaning: 'Earliest record of any channel (UTC).' },
    last_seen: { type: 'TIMESTAMP', meaning: 'Latest record of any channel (UTC).' },
    orders: { type: 'BIGINT', meaning: 'Counted orders (net value > 0) before the as-of date.' },
    revenue: { type: 'DECIMAL(18,2)', meaning: 'Net value of all their orders, returns included.' },
    avg_order_value: { type: 'DOUBLE', nullable: true, meaning: 'revenue / orders; NULL without a counted order.' },
    first_order_at: { type: 'TIMESTAMP', nullable: true, meaning: 'First order (UTC).' },
    last_order_at: { type: 'TIMESTAMP', nullable: true, meaning: 'Last order (UTC).' },
    email_sends: { type: 'BIGINT', meaning: 'Emails sent to them.' },
    email_opens: { type: 'BIGINT', meaning: 'Email opens.' },
    email_clicks: { type: 'BIGINT', meaning: 'Email clicks.' },
    last_email_open_at: { type: 'TIMESTAMP', nullable: true, meaning: 'Latest email open (UTC).' },
    email_bounced: { type: 'BOOLEAN', meaning: 'An email to them bounced.' },
    email_unsubscribed: { type: 'BOOLEAN', meaning: 'They unsubscribed.' },
    email_complained: { type: 'BOOLEAN', meaning: 'They marked an email as spam.' },
    social_interactions: { type: 'BIGINT', meaning: 'Social interactions of every kind.' },
    social_conversations: { type: 'BIGINT', meaning: 'Comments, replies, DMs and mentions.' },
    social_reactions: { type: 'BIGINT', meaning: 'Likes, shares and follows.' },
    last_social_at: { type: 'TIMESTAMP', nullable: true, meaning: 'Latest social interaction (UTC).' },
    preferred_channel: { type: 'VARCHAR', nullable: true, meaning: 'Channel of the latest order, email open or click, or social interaction.' },
    days_since_last_interaction: { type: 'BIGINT', nullable: true, meaning: 'Whole days from that latest interaction to the as-of date.' },
    as_of: { type: 'DATE', meaning: 'The as-of date used.' },
  },
});

export const customer360State = defineModel({
  table: 'customer_360_state', kind: 'table', oneRowPer: "the `customer_360` build (one row)", file, builtBy,
  columns: {
    built_through: { type: 'TIMESTAMP', nullable: true, meaning: 'Latest order line loaded when customer_360 was last built.' },
    as_of: { type: 'DATE', meaning: 'The as-of date of that build.' },
  },
});
