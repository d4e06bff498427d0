import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedAudience } from '../helpers/audience-fixture.js';
import { runCli, writeConfig } from '../helpers/cli-run.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';
import { openWarehouse } from '../../warehouse/warehouse.js';

let t: TempWarehouse;
let config: string;
beforeEach(async () => {
  t = await tempWarehouse();
  await seedAudience(t.warehouse, [
    { id: 'a', segment: 'At Risk', phones: ['+16505551212'] }, { id: 'b', segment: 'At Risk', bounced: true }, { id: 'c', segment: 'At Risk', complained: true },
  ]);
  t.warehouse.close(); // the CLI opens the file itself
  config = await writeConfig(t.dir, { warehouse: 'warehouse.duckdb', sources: {} });
});
afterEach(async () => { await t.dispose(); });

describe('rapport export segment', () => {
  it('writes the file, infers the format from its name and reports who was left out and why', async () => {
    const r = await runCli(['export', 'segment', 'at-risk', '--out', 'out/at-risk.csv', '--bom', '--config', config], t.dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^exported segment "At Risk" \\(exp-\\S+\\): 1 rows -> ${path.join(t.dir, 'out', 'at-risk.csv').replaceAll('/', '\\/')}$`));
    expect(lines[1]).toBe('  members 1; suppressed: 2 left out: 1 complained, 1 bounced');
    const text = await readFile(path.join(t.dir, 'out', 'at-risk.csv'), 'utf8');
    expect(text.startsWith('\uFEFF"customer_id","primary_email"')).toBe(true);
    expect(Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true }).data.map((x) => x.customer_id)).toEqual(['a']);
  });

  it('writes hashed Arrow for Meta and says when suppression was off', async () => {
    const r = await runCli(['export', 'segment', 'At Risk', '--out', 'ads.arrow', '--hashed', '--platform', 'meta', '--include-suppressed', '--config', config], t.dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain('WARNING: suppression was off (--include-suppressed): do not use this file for email');
    expect(r.out).toMatch(/: 3 rows ->/);
  });

  it('rejects bad usage with exit code 2 and a reason', async () => {
    const cases: [string[], RegExp][] = [
      [['export', 'segment', 'At Risk'], /give --out FILE, --webhook URL, or both/],
      [['export', 'segment', 'At Risk', '--out', 'x.xlsx'], /--format: expected one of csv, parquet, json, ndjson, arrow \(cannot tell from the file name/],
      [['export', 'segment', 'At Risk', '--out', 'x.csv', '--platform', 'meta'], /--platform and --phone-country only apply with --hashed/],
      [['export', 'segment', 'At Risk', '--out', '.'], /is a folder; give a file name/],
      [['export', 'customers', 'x', '--out', 'x.csv'], /usage: rapport export segment <name>/],
    ];
    for (const [argv, message] of cases) {
      const r = await runCli([...argv, '--config', config], t.dir);
      expect([r.code, r.err]).toEqual([2, expect.stringMatching(message)]);
    }
  });

  it('fails with exit code 1 naming the segment when it is unknown', async () => {
    const r = await runCli(['export', 'segment', 'Whales', '--out', 'w.csv', '--config', config], t.dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/unknown segment "Whales": expected one of "At Risk"/);
  });

  it('keys an audience without email by customer id (--key), and warns when keyed by email it is empty', async () => {
    const wh = await openWarehouse(path.join(t.dir, 'warehouse.duckdb'));
    await seedAudience(wh, [{ id: 'a', segment: 'At Risk', email: null }, { id: 'b', segment: 'At Risk', email: null, unsubscribed: true }]);
    wh.close();
    const byEmail = await runCli(['export', 'segment', 'At Risk', '--out', 'by-email.csv', '--config', config], t.dir);
    expect(byEmail.code).toBe(0);
    expect(byEmail.out).toContain('  WARNING: export of segment "At Risk" is empty: 0 of 2 members written, 2 left out: 1 unsubscribed, 1 no email');
    const byId = await runCli(['export', 'segment', 'At Risk', '--key', 'customer_id', '--out', 'by-id.csv', '--config', config], t.dir);
    expect([byId.code, byId.out]).toEqual([0, expect.stringMatching(/: 1 rows ->[^]*suppressed: 1 left out: 1 unsubscribed$/)]);
    expect(byId.out).not.toContain('WARNING');
    const rows = Papa.parse<Record<string, string>>(await readFile(path.join(t.dir, 'by-id.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
    expect(rows.map((x) => [x.customer_id, x.primary_email])).toEqual([['a', undefined]]); // no empty email column
    const bad = await runCli(['export', 'segment', 'At Risk', '--key', 'phone', '--out', 'x.csv', '--config', config], t.dir);
    expect([bad.code, bad.err]).toEqual([2, expect.stringMatching(/--key: expected email, customer_id, account, got "phone"/)]);
  });
});
