import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openWarehouse } from '../../warehouse/warehouse.js';
import { runCli } from '../helpers/cli-run.js';

let dir: string;
let config: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rapport-quarantine-'));
  config = path.join(dir, 'rapport.config.mjs');
  await writeFile(path.join(dir, 'email.csv'), [
    'event_id,event_type,email,campaign_id,occurred_at,url',
    'e1,send,ann@example.com,c1,2026-03-01T09:00:00Z,',
    'e2,teleport,ann@example.com,c1,2026-03-02T10:00:00Z,',
    'e3,open,bob@example.com,c1,yesterday,',
    'e4,click,bob@example.com,c1,2026-03-03T11:00:00Z,https://x.test,extra',
  ].join('\n') + '\n');
  await writeFile(config, `export default ${JSON.stringify({ warehouse: 'wh.duckdb', sources: { email: { connector: 'file', channel: 'email', path: 'email.csv', quarantineLimit: 1 } } })};\n`);
});
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

const cli = (...args: string[]) => runCli([...args, '--config', config], dir);
async function query<T>(sql: string): Promise<T[]> {
  const wh = await openWarehouse(path.join(dir, 'wh.duckdb'));
  try { return await wh.all<T>(sql); } finally { wh.close(); }
}

describe('rapport quarantine', () => {
  it('lists open quarantined rows with location, record, field, reason and raw record', async () => {
    await cli('extract', 'email', '--quiet');
    const r = await cli('quarantine', '--source', 'email', '--limit', '2');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/email {2}\S+email\.csv:2 {2}event_type: expected one of send/);
    expect(r.out).not.toContain('event_type: event_type:'); // the field is named once (issue 18)
    expect(r.out).toContain('raw: {"event_id":"e2","event_type":"teleport"');
    expect(r.out).toContain('3 open quarantined rows of email (showing 2; --limit N for more)');
  });

  it('exports rows for correction and re-loads the fixed ones, leaving the still-broken one open; twice is a no-op', async () => {
    await cli('extract', 'email', '--quiet');
    const exported = await cli('quarantine', 'export', '--source', 'email', '--out', 'fixes.csv');
    expect(exported.out).toContain('exported 3 open quarantined rows of email');
    const csv = Papa.parse<Record<string, string>>(await readFile(path.join(dir, 'fixes.csv'), 'utf8'), { header: true, skipEmptyLines: true });
    expect(csv.data.map((r) => [r.record_no, r.event_id, (r.reason ?? '').slice(0, 12)])).toEqual([
      ['2', 'e2', 'event_type: '], ['3', 'e3', 'occurred_at:'], ['4', '', 'too many col'],
    ]);
    for (const row of csv.data) {
      if (row.event_id === 'e2') row.event_type = 'open';
      if (row.event_id === 'e3') row.occurred_at = '2026-03-02T23:00:00Z';
    }
    await writeFile(path.join(dir, 'fixes.csv'), Papa.unparse(csv.data));
    const imported = await cli('quarantine', 'import', 'fixes.csv', '--source', 'email');
    expect(imported.code).toBe(1); // one row still fails
    expect(imported.out).toContain('re-loaded 2 rows of email (2 new keys, 0 merged); 1 still failing; 0 not open in quarantine');
    expect(imported.out).toMatch(/still failing: \S+email\.csv record 4: event_id: missing required field/);
    const rows = await query<{ event_id: string; event_type: string; _record_no: number; _location: string }>(
      'SELECT event_id, event_type, _record_no, _location FROM email_events ORDER BY 1');
    expect(rows.map((r) => [r.event_id, r.event_type, r._record_no])).toEqual([['e1', 'send', 1], ['e2', 'open', 2], ['e3', 'open', 3]]);
    expect(rows[1]!._location).toBe(path.join(dir, 'email.csv'));
    expect((await cli('quarantine', '--source', 'email')).out).toContain('1 open quarantined rows of email');
    const again = await cli('quarantine', 'import', 'fixes.csv', '--source', 'email');
    expect(again.out).toContain('re-loaded 0 rows of email (0 new keys, 0 merged); 1 still failing; 2 not open in quarantine');
    expect((await cli('quarantine', '--all')).out).toMatch(/\[resolved\][\s\S]*\[resolved\]/);
  });

  it('does not quarantine a record again when a full refresh re-reads the same bytes', async () => {
    await cli('extract', 'email', '--quiet');
    await cli('extract', 'email', '--full-refresh', '--quiet');
    const [{ n } = { n: -1 }] = await query<{ n: number }>('SELECT count(*) AS n FROM quarantine');
    expect(n).toBe(3);
  });

  it('refuses a file without the key columns, and usage mistakes, with one-line reasons', async () => {
    await writeFile(path.join(dir, 'bad.csv'), 'event_id,event_type\ne2,open\n');
    expect(await cli('quarantine', 'import', 'bad.csv', '--source', 'email')).toMatchObject({ code: 1, err: expect.stringMatching(/bad\.csv: missing columns source, location, record_no, raw_hash, email/) });
    expect(await cli('quarantine', 'export', '--out', 'x.csv')).toMatchObject({ code: 2, err: expect.stringContaining('needs --source') });
    expect(await cli('quarantine', 'purge')).toMatchObject({ code: 2, err: expect.stringContaining('unknown action "purge"') });
  });
});
