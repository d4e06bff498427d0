// Output columns of `rfm_segments` and its dated snapshots `rfm_history` (built by transforms/rfm-segments.ts).
import { defineModel } from './model-contract.js';

const rfmColumns = {
  customer_id: { type: 'VARCHAR', meaning: 'The customer (from identity resolution).' },
  recency_days: { type: 'BIGINT', meaning: 'Whole UTC days from the last counted order to the as-of date.' },
  frequency: { type: 'BIGINT', meaning: 'Counted orders (net value > 0), all history.' },
  monetary: { type: 'DECIMAL(18,2)', meaning: 'Net value of all orders in the RFM window (returns included; all history without a window).' },
  r_score: { type: 'INTEGER', meaning: 'Recency score 1-5, 5 = most recent; ties share a score.' },
  f_score: { type: 'INTEGER', meaning: 'Frequency score 1-5, 5 = most orders.' },
  m_score: { type: 'INTEGER', meaning: 'Monetary score 1-5, 5 = highest spend.' },
  fm_score: { type: 'INTEGER', meaning: 'Mean of f_score and m_score, halves rounded up.' },
  segment: { type: 'VARCHAR', meaning: 'Named segment: the first rule of analytics.segmentMap whose R and FM ranges hold the scores.' },
  as_of: { type: 'DATE', meaning: 'The as-of date the scores were computed for (exclusive end of history).' },
} as const;

const builtBy = 'the rfm_segments step of the daily pipeline (`rapport run daily`)';

export const rfmSegments = defineModel({
  table: 'rfm_segments', kind: 'table', oneRowPer: 'customer with a counted order', file: 'transforms/rfm-segments.ts', builtBy,
  columns: rfmColumns,
});

export const rfmHistory = defineModel({
  table: 'rfm_history', kind: 'table', oneRowPer: 'customer and as-of date (snapshots of `rfm_segments`)', file: 'transforms/rfm-segments.ts', builtBy,
  columns: rfmColumns,
});
