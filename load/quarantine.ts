// Writes rejected records to the `quarantine` table with their source, location, record number, raw text and reason.
import type { Reject } from '../sources/source.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { ident } from '../warehouse/warehouse.js';

const columns_ = '(source, location, record_no, raw_hash, field, reason, raw, run_id, quarantined_at, fields)';
// A record already quarantined with the same bytes from the same place by an earlier run is not added again:
// lookback windows, backfills and re-runs re-read it (that holds for resolved rows too: their correction already
// stands). Within one batch every bad record is stored, identical ones included, so the table agrees with the counts.
const notSeenBefore = `NOT EXISTS (SELECT 1 FROM quarantine q WHERE q.source = $1 AND q.location = $2 AND q.raw_hash = h)`;

/**
 * Quarantines records that never reached staging (structural errors) in one statement: a file with thousands
 * of broken lines must not cost a round trip each. Returns how many were given.
 */
export async function quarantineRejects(
  wh: Warehouse,
  source: string,
  location: string,
  rejects: readonly Reject[],
  runId: string,
): Promise<number> {
  if (rejects.length === 0) return 0;
  await wh.run(
    `INSERT INTO quarantine ${columns_}
     SELECT $1, $2, record_no, h, NULL, reason, raw, $4, now(), NULL
     FROM (SELECT (e->>'recordNo')::BIGINT AS record_no, e->>'raw' AS raw, e->>'reason' AS reason, md5(e->>'raw') AS h
           FROM (SELECT unnest(from_json($3::JSON, '["json"]')) AS e))
     WHERE ${notSeenBefore} ON CONFLICT DO NOTHING`,
    [source, location, JSON.stringify(rejects.map((r) => ({ recordNo: r.recordNo, raw: r.raw, reason: r.reason }))), runId],
  );
  return rejects.length;
}

/**
 * Quarantines the rows of a checked table (`checkedSql`) whose `_reason` is set, with their staged contract
 * `_fields` as JSON (what `rapport quarantine export` offers for correction) and their raw text: a `_raw` column of
 * the checked table, or else read back from the staging source table `src` (`_src_line`: its JSON line;
 * `_src_row`: its row as JSON). Returns how many there were.
 */
export async function quarantineStaged(wh: Warehouse, source: string, location: string, checked: string, src: string, runId: string): Promise<number> {
  const [{ n } = { n: 0 }] = await wh.all<{ n: number }>(
    `SELECT count(*) AS n FROM ${ident(checked)} WHERE _reason IS NOT NULL`,
  );
  if (n === 0) return 0;
  const columns = new Set((await wh.all<{ column_name: string }>(`DESCRIBE ${ident(checked)}`)).map((c) => c.column_name));
  const [raw, from] = columns.has('_raw')
    ? ['c._raw', '']
    : columns.has('_src_line')
      ? ['s.line', `JOIN ${ident(src)} s ON s.rowid + 1 = c._src_line`]
      : ['to_json(s)::VARCHAR', `JOIN ${ident(src)} s ON s.rowid + 1 = c._src_row`];
  await wh.run(
    `INSERT INTO quarantine ${columns_}
     SELECT $1, $2, _record_no, h, _field, _reason, raw, $3, now(), _fields
     FROM (SELECT c._record_no, c._field, c._reason, ${raw} AS raw, c._fields, md5(${raw}) AS h
           FROM (SELECT * FROM ${ident(checked)} WHERE _reason IS NOT NULL) c ${from})
     WHERE ${notSeenBefore} ON CONFLICT DO NOTHING`,
    [source, location, runId],
  );
  return n;
}
