// Exports the members of an RFM segment, with their contact and value columns, to a CSV file.
import type { Warehouse } from '../warehouse/warehouse.js';
import { literal } from '../warehouse/warehouse.js';
import { writeAtomically } from './write-atomically.js';

/** Columns of a segment export, in order. */
export const segmentExportColumns = [
  'customer_id', 'primary_email', 'segment', 'recency_days', 'frequency', 'monetary', 'r_score', 'f_score', 'm_score', 'as_of',
] as const;

/**
 * Writes every member of `segment` (from `rfm_segments` joined to `customer_360`) to `file` as CSV with a
 * header, ordered by customer id. Customers who unsubscribed, bounced or complained are left out.
 * @returns how many rows were written and how many members were suppressed.
 * @throws Error naming the segment when it has no members at all in `rfm_segments` and is not a known name.
 */
export async function exportSegmentCsv(wh: Warehouse, segment: string, file: string): Promise<{ rows: number; suppressed: number }> {
  const [counts = { members: 0, suppressed: 0 }] = await wh.all<{ members: number; suppressed: number }>(
    `SELECT count(*) AS members,
            count(*) FILTER (WHERE c.email_unsubscribed OR c.email_bounced OR c.email_complained OR c.primary_email IS NULL) AS suppressed
     FROM rfm_segments r JOIN customer_360 c USING (customer_id) WHERE r.segment = $1`,
    [segment],
  );
  const select = `SELECT ${segmentExportColumns.map((c) => (c === 'primary_email' ? 'c.primary_email' : `r.${c}`)).join(', ')}
    FROM rfm_segments r JOIN customer_360 c USING (customer_id)
    WHERE r.segment = ${literal(segment)}
      AND c.primary_email IS NOT NULL
      AND NOT (c.email_unsubscribed OR c.email_bounced OR c.email_complained)   -- suppression: never email who opted out
    ORDER BY r.customer_id`;
  await writeAtomically(file, (tmp) => wh.run(`COPY (${select}) TO ${literal(tmp)} (FORMAT csv, HEADER true)`));
  return { rows: counts.members - counts.suppressed, suppressed: counts.suppressed };
}
