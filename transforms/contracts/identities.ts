// Output columns of identity resolution's public tables and view (transforms/identities.ts, customer-ids.ts,
// identity-components.ts, customer-records.sql). Its working tables (identity_values, identity_raw_stats,
// identity_build_state, customers_touched, the record_identifiers view) follow the channel contracts and are
// described in docs/metrics.md.
import { defineModel } from './model-contract.js';

const builtBy = 'the identities step of the daily pipeline (`rapport run daily`)';
const runId = { type: 'VARCHAR', meaning: 'The run that recorded it.' } as const;

export const identities = defineModel({
  table: 'identities', kind: 'table', oneRowPer: 'identifier, with its customer and status', file: 'transforms/identities.ts', builtBy,
  columns: {
    identity: { type: 'VARCHAR', meaning: "The normalised identifier as 'kind:value' (e.g. 'email:ann@example.com')." },
    kind: { type: 'VARCHAR', meaning: "'email', 'phone', 'handle' or 'account'." },
    value: { type: 'VARCHAR', meaning: 'The normalised value (lower-case email, E.164 phone, platform:handle, account).' },
    status: { type: 'VARCHAR', meaning: "'linked', 'blocked', 'invalid' or 'refused'." },
    customer_id: { type: 'VARCHAR', meaning: 'The customer it belongs to.' },
    first_seen: { type: 'TIMESTAMP', meaning: 'Earliest record carrying it (UTC).' },
    last_seen: { type: 'TIMESTAMP', meaning: 'Latest record carrying it (UTC).' },
    records: { type: 'BIGINT', meaning: 'Records carrying it.' },
  },
});

export const identityLinks = defineModel({
  table: 'identity_links', kind: 'table', oneRowPer: '(record that links two or more identities, identity); social interactions and orders only', file: 'transforms/identities.ts', builtBy,
  columns: {
    via: { type: 'VARCHAR', meaning: "The linking record as 'channel:record_id'." },
    identity: { type: 'VARCHAR', meaning: 'One of the identities it links.' },
  },
});

export const customerIds = defineModel({
  table: 'customer_ids', kind: 'table', oneRowPer: 'identifier ever resolved (the memory behind stable ids, kept across rebuilds)', file: 'transforms/customer-ids.ts', builtBy,
  columns: {
    identity: { type: 'VARCHAR', meaning: 'The identifier.' },
    customer_id: { type: 'VARCHAR', meaning: 'The customer id it last had.' },
    assigned_at: { type: 'TIMESTAMP', meaning: 'When that customer id was first given out (UTC).' },
    run_id: runId,
  },
});

export const identityMerges = defineModel({
  table: 'identity_merges', kind: 'table', oneRowPer: 'merge or split of earlier customers (append-only history)', file: 'transforms/customer-ids.ts', builtBy,
  columns: {
    event: { type: 'VARCHAR', meaning: "'merge' or 'split'." },
    merged_at: { type: 'TIMESTAMP', meaning: 'When the build recorded it (UTC).' },
    run_id: runId,
    surviving_id: { type: 'VARCHAR', meaning: 'The customer id that remains.' },
    absorbed_id: { type: 'VARCHAR', meaning: 'The customer id that was merged into it (or split from it).' },
    linking_identity: { type: 'VARCHAR', nullable: true, meaning: 'An identity of the surviving customer that the link joined.' },
    linked_identity: { type: 'VARCHAR', nullable: true, meaning: 'An identity of the absorbed customer that the link joined.' },
    via_record: { type: 'VARCHAR', nullable: true, meaning: "The record that linked them ('channel:record_id')." },
    reason: { type: 'VARCHAR', meaning: 'Why, in words.' },
  },
});

export const identityMergeRefusals = defineModel({
  table: 'identity_merge_refusals', kind: 'table', oneRowPer: 'link refused by a maxPerCustomer limit in the latest build', file: 'transforms/identity-components.ts', builtBy,
  columns: {
    run_id: runId,
    round: { type: 'INTEGER', meaning: 'The refusal round of the build.' },
    refused_identity: { type: 'VARCHAR', meaning: 'The identity left out of the customer.' },
    kind: { type: 'VARCHAR', meaning: 'Its kind.' },
    would_have: { type: 'INTEGER', meaning: 'How many identities of that kind the customer would have had.' },
    max_allowed: { type: 'INTEGER', meaning: 'The identity.maxPerCustomer limit for that kind.' },
    component_label: { type: 'VARCHAR', meaning: 'The component (customer in the making) it was refused from.' },
    reason: { type: 'VARCHAR', meaning: 'Why, in words.' },
  },
});

export const customerRecords = defineModel({
  table: 'customer_records', kind: 'view', oneRowPer: 'source record, with its one customer (computed when read)', file: 'transforms/customer-records.sql', builtBy,
  columns: {
    channel: { type: 'VARCHAR', meaning: "The channel: 'email', 'social' or 'orders'." },
    record_id: { type: 'VARCHAR', meaning: 'The record (event_id, interaction_id or order_id).' },
    customer_id: { type: 'VARCHAR', meaning: 'Its customer: that of its best linked identifier.' },
    identity: { type: 'VARCHAR', meaning: 'The identifier that decided it.' },
  },
});
