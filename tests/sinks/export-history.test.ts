import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportSegment } from '../../sinks/segment-export.js';
import { seedAudience } from '../helpers/audience-fixture.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

const rowsOf = async (file: string) => Papa.parse<Record<string, string>>(await readFile(file, 'utf8'), { header: true, skipEmptyLines: true }).data;
const columns = ['customer_id', 'primary_email'];

describe('exports since the last one', () => {
  it('writes everyone as added the first time, then only who joined and who left, removals as they were sent', async () => {
    await seedAudience(t.warehouse, [{ id: 'a', segment: 'At Risk' }, { id: 'b', segment: 'At Risk' }, { id: 'c', segment: 'At Risk' }]);
    const out = path.join(t.dir, 'changes.csv');
    const first = await exportSegment(t.warehouse, { segment: 'At Risk', out, sinceLast: true, columns, now: new Date('2026-03-01T06:00:00Z') });
    expect([first.added, first.removed, first.baselineExportId]).toEqual([3, 0, null]);
    expect((await rowsOf(out)).map((r) => `${r.change} ${r.customer_id}`)).toEqual(['add a', 'add b', 'add c']);

    // b unsubscribes (suppressed now), c moves to Lost, d joins; a changes email but stays a member.
    await seedAudience(t.warehouse, [
      { id: 'a', segment: 'At Risk', email: 'a.new@example.com' }, { id: 'b', segment: 'At Risk', unsubscribed: true, email: 'b.new@example.com' },
      { id: 'c', segment: 'Lost' }, { id: 'd', segment: 'At Risk' },
    ]);
    const second = await exportSegment(t.warehouse, { segment: 'At Risk', out, sinceLast: true, columns, now: new Date('2026-03-02T06:00:00Z') });
    expect([second.added, second.removed, second.baselineExportId, second.members]).toEqual([1, 2, first.exportId, 2]);
    expect(await rowsOf(out)).toEqual([
      { change: 'add', customer_id: 'd', primary_email: 'd@example.com' },
      { change: 'remove', customer_id: 'b', primary_email: 'b@example.com' },
      { change: 'remove', customer_id: 'c', primary_email: 'c@example.com' },
    ]);

    const recorded = await t.warehouse.all<Record<string, unknown>>(
      `SELECT segment, audience, since_last, baseline_export_id, members, rows_written, added, removed, suppressed, suppressed_reasons, status
       FROM segment_exports ORDER BY exported_at`);
    expect(recorded).toEqual([
      { segment: 'At Risk', audience: 'plain', since_last: true, baseline_export_id: null, members: 3, rows_written: 3, added: 3, removed: 0, suppressed: 0, suppressed_reasons: '{}', status: 'success' },
      { segment: 'At Risk', audience: 'plain', since_last: true, baseline_export_id: first.exportId, members: 2, rows_written: 3, added: 1, removed: 2, suppressed: 1, suppressed_reasons: '{"unsubscribed":1}', status: 'success' },
    ]);
    const [m] = await t.warehouse.all<{ ids: string[] }>(`SELECT list(customer_id ORDER BY customer_id) AS ids FROM segment_export_members WHERE export_id = $1`, [second.exportId]);
    expect(m?.ids).toEqual(['a', 'd']);
  });

  it('keeps a baseline per destination and audience, never a plain export, and never a failed export', async () => {
    await seedAudience(t.warehouse, [{ id: 'a', segment: 'At Risk' }, { id: 'b', segment: 'At Risk' }]);
    const p = path.join(t.dir, 'p.csv');
    const plain = await exportSegment(t.warehouse, { segment: 'At Risk', out: p, columns, sinceLast: true, now: new Date('2026-03-01T06:00:00Z') });
    const hashed = await exportSegment(t.warehouse, { segment: 'At Risk', out: path.join(t.dir, 'h.csv'), hashed: { platform: 'meta' }, sinceLast: true, now: new Date('2026-03-01T07:00:00Z') });
    expect([hashed.added, hashed.baselineExportId]).toEqual([2, null]);
    // A delta to another file (a CLI export, a web download) starts its own history; a plain export is no baseline.
    const elsewhere = await exportSegment(t.warehouse, { segment: 'At Risk', out: path.join(t.dir, 'cli.csv'), columns, sinceLast: true, now: new Date('2026-03-01T08:00:00Z') });
    expect([elsewhere.added, elsewhere.baselineExportId]).toEqual([2, null]);

    await seedAudience(t.warehouse, [{ id: 'a', segment: 'At Risk' }]);
    await exportSegment(t.warehouse, { segment: 'At Risk', out: path.join(t.dir, 'plain.csv'), columns, now: new Date('2026-03-01T09:00:00Z') });
    // Nothing listens on port 9 of 127.0.0.1 (discard): the webhook fails and the export is recorded as failed.
    await expect(exportSegment(t.warehouse, {
      segment: 'At Risk', sinceLast: true, columns, now: new Date('2026-03-02T06:00:00Z'),
      webhook: { url: 'http://127.0.0.1:9/hook', maxAttempts: 1, timeoutMs: 2000 },
    })).rejects.toThrow(/export exp-\S+ of segment "At Risk" failed: webhook: batch 1 of 1 to http:\/\/127\.0\.0\.1:9\/hook/);
    // The same destination fails too (a folder stands where the file goes): recorded as failed, never a baseline.
    await rm(p);
    await mkdir(p);
    await expect(exportSegment(t.warehouse, { segment: 'At Risk', out: p, columns, sinceLast: true, now: new Date('2026-03-02T07:00:00Z') }))
      .rejects.toThrow(/export exp-\S+ of segment "At Risk" failed: writing .*p\.csv failed/);
    await rm(p, { recursive: true });
    const next = await exportSegment(t.warehouse, { segment: 'At Risk', out: p, columns, sinceLast: true, now: new Date('2026-03-03T06:00:00Z') });
    expect([next.baselineExportId, next.added, next.removed]).toEqual([plain.exportId, 0, 1]);
    const statuses = await t.warehouse.all<{ status: string; error: string | null; rows_written: number }>(`SELECT status, error, rows_written FROM segment_exports ORDER BY exported_at`);
    expect(statuses.map((s) => s.status)).toEqual(['success', 'success', 'success', 'success', 'failed', 'failed', 'success']);
    expect(statuses[4]?.error).toMatch(/webhook: batch 1 of 1/);
  });

  it('records a failed export as failed with the rows that arrived: none when the file could not be written', async () => {
    await seedAudience(t.warehouse, [{ id: 'a', segment: 'At Risk' }, { id: 'b', segment: 'At Risk' }]);
    const out = path.join(t.dir, 'at-risk.csv');
    await mkdir(out); // a folder where the file goes: the rename into place fails
    await expect(exportSegment(t.warehouse, { segment: 'At Risk', out, columns })).rejects.toThrow(/failed: writing .*at-risk\.csv failed/);
    await expect(exportSegment(t.warehouse, { segment: 'At Risk', out, columns, sinceLast: true, format: 'ndjson' })).rejects.toThrow(/failed/);
    const recorded = await t.warehouse.all<Record<string, unknown>>(
      `SELECT status, members, rows_written, since_last, error IS NOT NULL AS has_error FROM segment_exports ORDER BY since_last`);
    expect(recorded).toEqual([
      { status: 'failed', members: 2, rows_written: 0, since_last: false, has_error: true },
      { status: 'failed', members: 2, rows_written: 0, since_last: true, has_error: true },
    ]);
    const [m] = await t.warehouse.all<{ n: number }>('SELECT count(*) AS n FROM segment_export_members');
    expect(m?.n).toBe(0);
  });
});
