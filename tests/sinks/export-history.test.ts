import { readFile } from 'node:fs/promises';
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
    const first = await exportSegment(t.warehouse, { segment: 'At Risk', out: path.join(t.dir, '1.csv'), sinceLast: true, columns, now: new Date('2026-03-01T06:00:00Z') });
    expect([first.added, first.removed, first.baselineExportId]).toEqual([3, 0, null]);
    expect((await rowsOf(path.join(t.dir, '1.csv'))).map((r) => `${r.change} ${r.customer_id}`)).toEqual(['add a', 'add b', 'add c']);

    // b unsubscribes (suppressed now), c moves to Lost, d joins; a changes email but stays a member.
    await seedAudience(t.warehouse, [
      { id: 'a', segment: 'At Risk', email: 'a.new@example.com' }, { id: 'b', segment: 'At Risk', unsubscribed: true, email: 'b.new@example.com' },
      { id: 'c', segment: 'Lost' }, { id: 'd', segment: 'At Risk' },
    ]);
    const second = await exportSegment(t.warehouse, { segment: 'At Risk', out: path.join(t.dir, '2.csv'), sinceLast: true, columns, now: new Date('2026-03-02T06:00:00Z') });
    expect([second.added, second.removed, second.baselineExportId, second.members]).toEqual([1, 2, first.exportId, 2]);
    expect(await rowsOf(path.join(t.dir, '2.csv'))).toEqual([
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

  it('keeps a separate baseline per audience kind, and never uses a failed export as one', async () => {
    await seedAudience(t.warehouse, [{ id: 'a', segment: 'At Risk' }, { id: 'b', segment: 'At Risk' }]);
    const plain = await exportSegment(t.warehouse, { segment: 'At Risk', out: path.join(t.dir, 'p.csv'), columns, sinceLast: true, now: new Date('2026-03-01T06:00:00Z') });
    const hashed = await exportSegment(t.warehouse, { segment: 'At Risk', out: path.join(t.dir, 'h.csv'), hashed: { platform: 'meta' }, sinceLast: true, now: new Date('2026-03-01T07:00:00Z') });
    expect([hashed.added, hashed.baselineExportId]).toEqual([2, null]);

    await seedAudience(t.warehouse, [{ id: 'a', segment: 'At Risk' }]);
    // Nothing listens on port 9 of 127.0.0.1 (discard): the webhook fails and the export is recorded as failed.
    await expect(exportSegment(t.warehouse, {
      segment: 'At Risk', sinceLast: true, columns, now: new Date('2026-03-02T06:00:00Z'),
      webhook: { url: 'http://127.0.0.1:9/hook', maxAttempts: 1, timeoutMs: 2000 },
    })).rejects.toThrow(/export exp-\S+ of segment "At Risk" failed: webhook: batch 1 of 1 to http:\/\/127\.0\.0\.1:9\/hook/);
    const next = await exportSegment(t.warehouse, { segment: 'At Risk', out: path.join(t.dir, 'n.csv'), columns, sinceLast: true, now: new Date('2026-03-03T06:00:00Z') });
    expect([next.baselineExportId, next.added, next.removed]).toEqual([plain.exportId, 0, 1]);
    const statuses = await t.warehouse.all<{ status: string; error: string | null }>(`SELECT status, error FROM segment_exports ORDER BY exported_at`);
    expect(statuses.map((s) => s.status)).toEqual(['success', 'success', 'failed', 'success']);
    expect(statuses[2]?.error).toMatch(/webhook: batch 1 of 1/);
  });
});
