// Output columns of `customer_360`, `order_values` and the build state `customer_360_state` (transforms/customer-360.ts).
import { channels, customer360ChannelColumns } from '../../sources/contracts/index.js';
import { defineModel, type DuckDbType } from './model-contract.js';

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

/** The columns the registered channels add to customer_360, as their contracts declare them (literal names and types). */
type ChannelColumn = (typeof channels)[keyof typeof channels]['customer360']['columns'][number];
type ChannelColumns = {
  readonly [C in ChannelColumn as C['name']]: {
    readonly type: C['type'] & DuckDbType;
    readonly meaning: string;
    /** A column with no `absent` value is NULL for a customer without rows in its channel. */
    readonly nullable: C extends { readonly absent: string } ? false : true;
  };
};

// Declared once, in the channel contracts (sources/contracts): customer_360's declaration takes them from the registry.
function channelColumns(): ChannelColumns {
  const sentence = (text: string) => `${text[0]!.toUpperCase()}${text.slice(1)}.`;
  return Object.fromEntries(customer360ChannelColumns().map((c) =>
    [c.name, { type: c.type, meaning: sentence(c.meaning), nullable: c.absent === undefined }])) as ChannelColumns;
}

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
    ...channelColumns(),
    sentiment: { type: 'DOUBLE', nullable: true, meaning: "Sentiment (-1..1) of the customer's latest scored text: an inbound support message, a survey comment or a social text (ties: the earlier channel)." },
    preferred_channel: { type: 'VARCHAR', nullable: true, meaning: 'Channel of the latest order, email open or click, or social interaction.' },
    last_interaction_at: { type: 'TIMESTAMP', nullable: true, meaning: 'Time of that latest interaction (UTC).' },
    days_since_last_interaction: { type: 'BIGINT', nullable: true, meaning: 'Whole days from that latest interaction to the as-of date (computed when read from last_interaction_at and as_of, so moving the date rewrites no row).' },
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
