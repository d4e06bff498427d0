// Writes rejected records to the `quarantine` table with their source, location, record number, raw text and reason.
import type { Reject } from '../sources/source.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { ident } from '../warehouse/warehouse.js';

const columns = '(source, location, record_no, raw_hash, field, reason, raw, run_id, quarantined_at, fields)';
// A record already quarantined with the same bytes from the same place is not added again: lookback windows,
// backfills and re-runs re-read it. That holds for resolved rows too: their correction already stands.
const notSeenBefore = `NOT EXISTS (SELECT 1 FROM quarantine q WHERE q.source = $1 AND q.location = $2 AND q.raw_hash = h)`;

/** Quarantines records that never reached staging (structural errors). Returns how many were given. */
export async function quarantineRejects(
  wh: Warehouse,
  source: string,
  location: string,
  rejects: readonly Reject[],
  runId: string,
): Promise<number> {
  for (const r of rejects) {
    await wh.run(
      `INSERT INTO quarantine ${columns}
       SELECT $1, $2, $3, h, NULL, $5, $4, $6, now(), NULL FROM (SELECT md5($4) AS h) WHERE ${notSeenBefore}
       ON CONFLICT DO NOTHING`,
      [source, location, r.recordNo, r.raw, r.reason, runId],
    );
  }
  return rejects.length;
}

/**
 * Quarantines the rows of a validated staging table whose `_reason` is set, with their staged contract
 * `fields` as JSON (what `rapport quarantine export` offers for correction). Returns how many there were.
 */
export async function quarantineStaged(
  wh: Warehouse, source: string, location: string, checked: string, runId: string, fields: readonly string[],
): Promise<number> {
  const [{ n } = { n: 0 }] = await wh.all<{ n: number }>(
    `SELECT count(*) AS n FROM ${ident(checked)} WHERE _reason IS NOT NULL`,
  );
  await wh.run(
    `INSERT INTO quarantine ${columns}
     SELECT $1, $2, _record_no, h, _field, _reason, _raw, $3, now(), f
     FROM (SELECT *, md5(_raw) AS h, json_object(${fields.map((f) => `'${f}', ${ident(f)}`).join(', ')})::VARCHAR AS f
           FROM ${ident(checked)} WHERE _reason IS NOT NULL)
     WHERE ${notSeenBefore} ON CONFLICT DO NOTHING`,
    [source, location, runId],
  );
  return n;
}
