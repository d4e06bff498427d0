// Output columns of the customer_360 change log and the per-customer models' place in it (transforms/customer-changes.ts).
import { defineModel } from './model-contract.js';

const file = 'transforms/customer-changes.ts';
const builtBy = 'the customer_360 step of the daily pipeline';

export const customer360Builds = defineModel({
  table: 'customer_360_builds', kind: 'table', oneRowPer: 'customer_360 build (the last 100 are kept)', file, builtBy,
  columns: {
    build: { type: 'BIGINT', meaning: 'The build number, counting up from 1.' },
    full: { type: 'BOOLEAN', meaning: 'True when the build recomputed every customer.' },
    as_of: { type: 'DATE', meaning: 'The as-of date of the build.' },
  },
});

export const customer360Changes = defineModel({
  table: 'customer_360_changes', kind: 'table', oneRowPer: 'customer an incremental customer_360 build recomputed (merged-away ids too)', file, builtBy,
  columns: {
    build: { type: 'BIGINT', meaning: 'The build (customer_360_builds.build).' },
    customer_id: { type: 'VARCHAR', meaning: 'A customer whose row that build recomputed or removed.' },
  },
});

export const customer360RecordOwners = defineModel({
  table: 'customer_360_record_owners', kind: 'table',
  oneRowPer: 'record that can link (an order, a social interaction, ...) of a customer the latest customer_360 build recomputed (every such record after a full build)',
  file, builtBy,
  columns: {
    build: { type: 'BIGINT', meaning: 'The build (customer_360_builds.build) that decided the owner; only the latest build\'s rows are kept.' },
    channel: { type: 'VARCHAR', meaning: 'The record\'s channel.' },
    record_id: { type: 'VARCHAR', meaning: 'The record\'s id in its channel.' },
    customer_id: { type: 'VARCHAR', meaning: 'Its customer, as customer_records decides it: what customer_preferences and customer_sentiment read instead of deciding those records\' owners again (in their full builds too, right after a full customer_360 build).' },
  },
});

export const customerModelState = defineModel({
  table: 'customer_model_state', kind: 'table', oneRowPer: 'per-customer model built after customer_360 (customer_preferences, customer_sentiment, product_recommendations)',
  file, builtBy: 'the model\'s own step of the daily pipeline',
  columns: {
    model: { type: 'VARCHAR', meaning: 'The model\'s table.' },
    build: { type: 'BIGINT', meaning: 'The customer_360 build it is up to date with.' },
    as_of: { type: 'DATE', meaning: 'Its as-of date.' },
    definition: { type: 'VARCHAR', meaning: 'A hash of its settings and reference inputs (for product_recommendations also its model date and stored baskets): when it changes, the next build is full.' },
  },
});
