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
  },
  // A custom segment (see README "Custom segments"): `rapport segments` lists it, `rapport export segment` writes it.
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
  pipelines: {
    daily: {
      schedule: '0 6 * * *',
      timezone: 'UTC',
      exports: [{ segment: 'At Risk', format: 'csv' }, { segment: 'Champions', format: 'csv' }],
    },
  },
});
