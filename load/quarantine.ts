// Writes rejected records to the `quarantine` table with their source, location, record number, raw text and reason.
import type { Reject } from '../sources/source.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { ident } from '../warehouse/warehouse.js';

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
      `INSERT INTO quarantine VALUES ($1, $2, $3, md5($4), NULL, $5, $4, $6, now()) ON CONFLICT DO NOTHING`,
      [source, location, r.recordNo, r.raw, r.reason, runId],
    );
  }
  return rejects.length;
}

/** Quarantines the rows of a validated staging table whose `_reason` is set. Returns how many there were. */
export async function quarantineStaged(wh: Warehouse, source: string, location: string, checked: string, runId: string): Promise<number> {
  const [{ n } = { n: 0 }] = await wh.all<{ n: number }>(
    `SELECT count(*) AS n FROM ${ident(checked)} WHERE _reason IS NOT NULL`,
  );
  await wh.run(
    `INSERT INTO quarantine
     SELECT $1, $2, _record_no, md5(_raw), _field, _reason, _raw, $3, now() FROM ${ident(checked)}
     WHERE _reason IS NOT NULL ON CONFLICT DO NOTHING`,
    [source, location, runId],
  );
  return n;
}
