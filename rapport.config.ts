// Rapport's default configuration: the bundled sample sources and the daily pipeline. Copy and edit for your data.
import { defineConfig } from 'rapport';

export default defineConfig({
  warehouse: 'data/warehouse.duckdb',
  outputs: { exports: 'data/exports', reports: 'reports/out' },
  sample: { dir: 'data/sample', customers: 2000, seed: 42 },
  sources: {
    email: { connector: 'file', channel: 'email', path: 'data/sample/email_events.csv' },
    social: { connector: 'file', channel: 'social', path: 'data/sample/social_interactions.ndjson' },
    orders: { connector: 'file', channel: 'orders', path: 'data/sample/orders.csv' },
    support: { connector: 'file', channel: 'support', path: 'data/sample/support_messages.csv' },
    feedback: { connector: 'file', channel: 'feedback', path: 'data/sample/survey_responses.csv' },
    // A reference source (no customer identifiers): names, categories and which products are still sold.
    products: { connector: 'file', channel: 'products', path: 'data/sample/products.csv' },
  },
  // A custom segment (see docs/exports.md, "Custom segments"): `rapport segments` lists it, `rapport export segment` writes it.
  segments: {
    'Valuable at risk': {
      description: 'At Risk, predicted 12-month CLV over 50, still subscribed',
      where: { all: [
        { column: 'segment', op: 'eq', value: 'At Risk' },
        { column: 'predicted_clv_12m', op: 'gt', value: 50 },
        { column: 'email_unsubscribed', op: 'eq', value: false },
      ] },
    },
  },
  // The sample shop is in Germany: "0151 ..." is German; a bare 10-digit number is North American.
  identity: { defaultCountry: 'DE', fallbackCountries: ['US'] },
  // Data tests (see docs/operations.md, "Data tests"): `rapport test` runs them, and so does the daily pipeline after the transforms.
  dataTests: [
    { kind: 'unique', table: 'customer_360', column: 'customer_id' },
    { kind: 'not_null', table: 'order_lines', column: 'order_id' },
    { kind: 'not_null', table: 'email_events', column: 'event_id' },
    { kind: 'not_null', table: 'social_interactions', column: 'interaction_id' },
    { kind: 'accepted_values', table: 'rfm_segments', column: 'segment', values: [
      'Champions', "Can't Lose Them", 'At Risk', 'Loyal Customers', 'New Customers', 'Promising',
      'Potential Loyalists', 'Need Attention', 'About To Sleep', 'Lost', 'Hibernating',
    ] },
    { kind: 'row_count_change', table: 'customer_360', maxDecreasePct: 10 },
    { kind: 'quarantine_rate', source: 'orders', maxPct: 2 },
    { kind: 'quarantine_rate', source: 'email', maxPct: 2 },
    { kind: 'quarantine_rate', source: 'social', maxPct: 2 },
    { kind: 'quarantine_rate', source: 'support', maxPct: 2 },
    { kind: 'quarantine_rate', source: 'feedback', maxPct: 2 },
    // No freshness test: the sample ends on 2026-10-31, so it would always fail. For a live feed add e.g.
    // { kind: 'freshness', source: 'orders', maxAge: '2d' }.
  ],
  pipelines: {
    daily: {
      schedule: '0 6 * * *',
      timezone: 'UTC',
      exports: [{ segment: 'At Risk', format: 'csv' }, { segment: 'Champions', format: 'csv' }],
    },
  },
});
