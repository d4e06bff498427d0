// The record of segment exports (segment_exports) and who was in each (segment_export_members), for deltas and audit.
import { randomBytes } from 'node:crypto';
import type { SqlParam, Warehouse } from '../warehouse/warehouse.js';
import type { ExportRow } from './export-formats.js';
import type { SuppressionReason } from './suppression.js';

/** One finished (or failed) export, as recorded. */
export interface ExportRecord {
  readonly exportId: string;
  readonly segment: string;
  readonly audience: string;
  readonly format: string | null;
  readonly destination: string;
  readonly columns: readonly string[];
  readonly sinceLast: boolean;
  readonly baselineExportId: string | null;
  readonly members: number;
  readonly rowsWritten: number;
  readonly added: number | null;
  readonly removed: number | null;
  readonly suppressed: Readonly<Partial<Record<SuppressionReason, number>>>;
  readonly status: 'success' | 'failed';
  readonly error: string | null;
  readonly runId: string | null;
  readonly exportedAt: Date;
}

/** The members of an earlier export: customer id -> the row as it was exported. */
export interface Baseline {
  readonly exportId: string;
  readonly members: ReadonlyMap<string, ExportRow>;
}

/** A new export id: sortable by time, unique across processes ("exp-20261101T060000-1a2b3c"). */
export function newExportId(now: Date): string {
  return `exp-${now.toISOString().replace(/[-:]/g, '').slice(0, 15)}-${randomBytes(3).toString('hex')}`;
}

/**
 * The baseline of a delta (`sinceLast`) export: the latest successful delta export of `segment` to the same kind of
 * audience and the same `destination` (file path and/or webhook URL, as recorded), with its member rows; null when
 * there is none. Only deltas count, so a plain export, a web download or a CLI export to another file never becomes
 * the baseline of a scheduled delta; failed exports never do either, so a delta after a failure still covers
 * everything since the last one that was delivered.
 */
export async function findBaseline(wh: Warehouse, segment: string, audience: string, destination: string): Promise<Baseline | null> {
  const [last] = await wh.all<{ export_id: string }>(
    `SELECT export_id FROM segment_exports
     WHERE segment = $1 AND audience = $2 AND destination = $3 AND since_last AND status = 'success'
     ORDER BY exported_at DESC, export_id DESC LIMIT 1`,
    [segment, audience, destination],
  );
  if (!last) return null;
  const rows = await wh.all<{ customer_id: string; row_json: string }>(
    'SELECT customer_id, row_json FROM segment_export_members WHERE export_id = $1',
    [last.export_id],
  );
  return { exportId: last.export_id, members: new Map(rows.map((r) => [r.customer_id, JSON.parse(r.row_json) as ExportRow])) };
}

/** Members recorded straight from a table: `INSERT ... SELECT export_id, <key>, <rowJson> FROM <from>`. */
export interface MembersInTable {
  readonly from: string;
  readonly key: string;
  readonly rowJson: string;
}

/**
 * Records an export and, when it succeeded, its full member list (customer id -> exported row, given as a map or
 * as a table to select from), in one transaction.
 * @throws Error naming the export id when the warehouse rejects the write; nothing of it is recorded then.
 */
export async function recordExport(wh: Warehouse, record: ExportRecord, members: ReadonlyMap<string, ExportRow> | MembersInTable): Promise<void> {
  try {
    await wh.transaction(async () => {
      await wh.run(
        `INSERT INTO segment_exports VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
        [
          record.exportId, record.segment, record.audience, record.format, record.destination, JSON.stringify(record.columns),
          record.sinceLast, record.baselineExportId, record.members, record.rowsWritten, record.added, record.removed,
          Object.values(record.suppressed).reduce((n, c) => n + (c ?? 0), 0), JSON.stringify(record.suppressed),
          record.status, record.error, record.runId, record.exportedAt,
        ],
      );
      if (record.status !== 'success') return;
      if (!(members instanceof Map)) {
        const m = members as MembersInTable;
        await wh.run(`INSERT INTO segment_export_members SELECT $1, ${m.key}, ${m.rowJson} FROM ${m.from}`, [record.exportId]);
        return;
      }
      if (members.size === 0) return;
      const ids = [...members.keys()];
      const json = ids.map((id) => JSON.stringify(members.get(id), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
      // Two lists unnested side by side pair up element by element: one statement for the whole member list.
      await wh.run(
        'INSERT INTO segment_export_members SELECT $1, unnest($2::VARCHAR[]), unnest($3::VARCHAR[])',
        [record.exportId, ids, json] as unknown as SqlParam[], // arrays bind as LISTs (warehouse/dialect/bind-parameters.ts)
      );
    });
  } catch (cause) {
    throw new Error(`recording export ${record.exportId} of segment "${record.segment}" failed: ${(cause as Error).message}`, { cause });
  }
}
