// Switching a config from one data set to another: `rapport run` warns about rows of sources the config no longer
// names, and `rapport reset --yes` removes the warehouse so the next run starts clean.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli-run.js';

let dir: string;
beforeEach(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'rapport-reset-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

const header = 'order_id,line_no,customer_ref,status,currency,quantity,amount,ordered_at';
/** An orders file with one order per customer ref. */
const orders = (refs: string[]) => [header, ...refs.map((r, i) => `${r}-o${i},1,${r},completed,EUR,1,10.00,2026-01-0${i + 1}T10:00:00Z`)].join('\n') + '\n';
let edits = 0;
let configFile = '';
/** Writes the config naming `sources` (a new file per edit: this process caches an imported module by its path). */
async function config(sources: Record<string, string>): Promise<void> {
  configFile = path.join(dir, `rapport-${++edits}.config.mjs`);
  await writeFile(configFile, `export default ${JSON.stringify({
    warehouse: 'w.duckdb', outputs: { exports: 'exports', reports: 'reports' },
    sources: Object.fromEntries(Object.entries(sources).map(([name, file]) => [name, { connector: 'file', channel: 'orders', path: file }])),
    pipelines: { daily: { schedule: '0 6 * * *' } },
  })};\n`);
}
const rapport = (...argv: string[]) => runCli([...argv, '--config', configFile], dir);
const customers = (out: string) => Number(/customers (\d+)/.exec(out)?.[1]);

describe('own data after the sample', () => {
  it('warns that the old source is mixed in, and starts clean after rapport reset --yes', async () => {
    await writeFile(path.join(dir, 'sample.csv'), orders(['s1', 's2', 's3']));
    await writeFile(path.join(dir, 'mine.csv'), orders(['m1', 'm2']));
    await config({ orders: 'sample.csv' });
    const first = await rapport('run', 'daily', '--quiet');
    expect(first.code, first.err).toBe(0);
    expect(first.err).not.toContain('warning');
    expect(customers(first.out), first.out).toBe(3);

    await config({ shop: 'mine.csv' });
    const mixed = await rapport('run', 'daily', '--quiet');
    expect(mixed.code, mixed.err).toBe(0);
    expect(mixed.err).toContain(`rapport: warning: the warehouse ${path.join(dir, 'w.duckdb')} holds rows of sources this config does not name: orders (3 rows in order_lines).`);
    expect(mixed.err).toContain('rapport reset --yes');
    expect(customers(mixed.out)).toBe(5);

    const unconfirmed = await rapport('reset');
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.err).toMatch(/this would remove the warehouse .*w\.duckdb \([\d.]+ MB\) .*; add --yes to do it/);
    expect(existsSync(path.join(dir, 'w.duckdb'))).toBe(true);

    const reset = await rapport('reset', '--yes');
    expect(reset.code, reset.err).toBe(0);
    expect(reset.out).toBe(`removed ${path.join(dir, 'w.duckdb')}; the next rapport run starts from an empty warehouse`);
    expect(existsSync(path.join(dir, 'w.duckdb'))).toBe(false);
    expect(existsSync(path.join(dir, 'w.duckdb.wal'))).toBe(false);

    const clean = await rapport('run', 'daily', '--quiet');
    expect(clean.code, clean.err).toBe(0);
    expect(clean.err).not.toContain('warning');
    expect(customers(clean.out)).toBe(2);
  }, 120_000);

  it('says there is nothing to remove when the warehouse does not exist', async () => {
    await config({ orders: 'sample.csv' });
    expect(await rapport('reset', '--yes')).toEqual({ code: 0, out: `nothing to remove: ${path.join(dir, 'w.duckdb')} does not exist`, err: '' });
  });
});
