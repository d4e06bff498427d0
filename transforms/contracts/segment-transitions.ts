// Output columns of `segment_transitions` and `customer_segment_transitions` (built by transforms/segment-transitions.ts).
import { defineModel } from './model-contract.js';

const file = 'transforms/segment-transitions.ts';
const builtBy = 'the segment_transitions transform';
const snapshots = {
  from_as_of: { type: 'DATE', meaning: 'The earlier RFM snapshot (the latest one in rfm_history before to_as_of).' },
  to_as_of: { type: 'DATE', meaning: "This run's RFM snapshot." },
} as const;
const segments = {
  from_segment: { type: 'VARCHAR', nullable: true, meaning: 'Segment at from_as_of; NULL: no RFM row then.' },
  to_segment: { type: 'VARCHAR', nullable: true, meaning: 'Segment at to_as_of; NULL: no RFM row now.' },
} as const;

export const segmentTransitions = defineModel({
  table: 'segment_transitions', kind: 'table', oneRowPer: "(segment then, segment now) between this run's RFM snapshot and the previous one", file, builtBy,
  columns: { ...snapshots, ...segments, customers: { type: 'BIGINT', meaning: 'Customers who went from from_segment to to_segment.' } },
});

export const customerSegmentTransitions = defineModel({
  table: 'customer_segment_transitions', kind: 'table', oneRowPer: 'customer, between the same two snapshots', file, builtBy,
  columns: { ...snapshots, customer_id: { type: 'VARCHAR', meaning: 'The customer.' }, ...segments },
});
