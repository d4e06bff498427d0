// Output columns of `customer_preferences` (built by transforms/customer-preferences.ts).
import { defineModel } from './model-contract.js';

export const customerPreferences = defineModel({
  table: 'customer_preferences', kind: 'table', oneRowPer: 'customer (every customer of customer_360)',
  file: 'transforms/customer-preferences.ts', builtBy: 'the customer_preferences step of the daily pipeline',
  columns: {
    customer_id: { type: 'VARCHAR', meaning: 'The customer.' },
    preferred_channel: { type: 'VARCHAR', nullable: true, meaning: 'Channel with most engagement (orders, opens and clicks, social posts, support contacts, survey answers); NULL with none.' },
    preferred_channel_events: { type: 'BIGINT', meaning: 'Engagement records in that channel (0 with none).' },
    best_send_day: { type: 'VARCHAR', nullable: true, meaning: "Weekday of most opens and clicks in the customer's local time (send_time_zone); NULL below the event threshold (default 5)." },
    best_send_hour: { type: 'INTEGER', nullable: true, meaning: "Hour (0-23) of most opens and clicks in the same zone; NULL below the event threshold." },
    send_time_events: { type: 'BIGINT', meaning: 'Opens and clicks behind best_send_day and best_send_hour.' },
    send_time_zone: { type: 'VARCHAR', meaning: "IANA zone the send day and hour are in: the customer's own where known, else the shop's." },
    send_time_zone_source: { type: 'VARCHAR', meaning: "Where that zone comes from: 'contact' (latest contact's country), 'phone' (phone calling code) or 'shop' (pipelines.daily.timezone)." },
    top_categories: { type: 'VARCHAR[]', meaning: 'Up to three product categories by units bought, most first (unknown categories left out).' },
    top_category: { type: 'VARCHAR', nullable: true, meaning: 'The first of top_categories; NULL when none is known.' },
    orders: { type: 'BIGINT', meaning: 'Orders with a positive net value before as_of.' },
    avg_basket_value: { type: 'DOUBLE', nullable: true, meaning: 'Mean net value of those orders; NULL with none.' },
    avg_basket_units: { type: 'DOUBLE', nullable: true, meaning: 'Mean units (completed lines, positive quantity) per order.' },
    multi_item_share: { type: 'DOUBLE', nullable: true, meaning: 'Share of orders with more than one unit.' },
    typical_gap_days: { type: 'DOUBLE', nullable: true, meaning: 'Median days between consecutive order days; NULL with fewer than two.' },
    expected_next_order: { type: 'DATE', nullable: true, meaning: 'Last order day + typical_gap_days (rounded); NULL with fewer than two order days.' },
    as_of: { type: 'DATE', meaning: 'The as-of date of the build.' },
  },
});
