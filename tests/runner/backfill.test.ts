// `rapport backfill` after a daily run: history is filled, the exports, the KPI report and `rapport segments` stay
// those of the latest as-of.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSample, sampleSources } from '../../sources/sample/index.js';
import { openWarehouse } from '../../warehouse/warehouse.js';
import { runCli, writeConfig } from '../helpers/cli-run.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
let config: string;
const rapport = (...argv: string[]) => runCli([...argv, '--config', config], t.dir);
const exportFile = () => path.join(t.dir, 'exports', 'champions.csv');
const reportFile = () => path.join(t.dir, 'reports', 'kpi', 'index.html');

async function query<T>(sql: string): Promise<T[]> {
  const wh = await openWarehouse(path.join(t.dir, 'w.duckdb'), { readOnly: true, waitMs: 0 });
  try {
    return await wh.all<T>(sql);
  } finally {
    wh.close();
  }
}

/** The day `n` days before 'YYYY-MM-DD'. */
const daysBefore = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await tempWarehouse();
  t.warehouse.close(); // the CLI opens its own warehouse file
  await generateSample({ customers: 150, seed: 3, outDir: path.join(t.dir, 'sample') });
  config = await writeConfig(t.dir, {
    warehouse: 'w.duckdb', sources: sampleSources('sample'), outputs: { exports: 'exports', reports: 'reports' },
    pipelines: { daily: { schedule: '0 6 * * *', exports: [{ segment: 'Champions' }] } },
  });
});
afterAll(async () => { await t.dispose(); });

describe('rapport backfill after a daily run', () => {
  it('fills older days without replacing the current exports, report and segments', async () => {
    const run = await rapport('run', 'daily', '--quiet');
    expect(run.code, run.err + run.out).toBe(0);
    const [{ as_of: latest } = { as_of: '' }] = await query<{ as_of: string }>(`SELECT max(as_of)::VARCHAR AS as_of FROM rfm_segments`);
    expect(latest).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const before = { csv: await readFile(exportFile(), 'utf8'), csvTime: (await stat(exportFile())).mtimeMs, html: await readFile(reportFile(), 'utf8') };
    const segmentsBefore = (await rapport('segments')).out.split('\n');

    const from = daysBefore(latest, 30);
    const to = daysBefore(latest, 29);
    const r = await rapport('backfill', 'daily', '--from', from, '--to', to, '--quiet');
    expect(r.code, r.err).toBe(0);
    expect(r.out.split('\n').map((l) => l.replace(/run [^\s)]+/, 'run X'))).toEqual([
      `${from}: success (run X)`, `${to}: success (run X)`, `${latest}: success (run X): current tables rebuilt as of the latest as-of`,
    ]);

    // History holds the backfilled days; the current tables are as of the latest day again.
    const history = await query<{ as_of: string }>(`SELECT DISTINCT as_of::VARCHAR AS as_of FROM rfm_history ORDER BY 1`);
    expect(history.map((h) => h.as_of)).toEqual([from, to, latest]);
    expect(await query<{ as_of: string }>(`SELECT DISTINCT as_of::VARCHAR AS as_of FROM rfm_segments`)).toEqual([{ as_of: latest }]);
    const segments = (await rapport('segments')).out.split('\n');
    expect(segments.slice(1).every((l) => l.includes(` ${latest} `))).toBe(true);
    expect(segments.map((l) => l.replace(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/, ''))).toEqual(segmentsBefore.map((l) => l.replace(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/, '')));

    // Exports and the report were not rewritten; the backfill runs skipped those steps.
    expect((await stat(exportFile())).mtimeMs).toBe(before.csvTime);
    expect(await readFile(exportFile(), 'utf8')).toBe(before.csv);
    expect(await readFile(reportFile(), 'utf8')).toBe(before.html);
    const steps = await query<{ step: string }>(`SELECT DISTINCT s.step FROM pipeline_steps s JOIN pipeline_runs r USING (run_id)
      WHERE r.trigger = 'backfill' AND (s.step LIKE 'export:%' OR s.step LIKE 'report:%')`);
    expect(steps).toEqual([]);
  }, 240_000);

  it('writes exports and the report as of the last day when asked with --with-outputs', async () => {
    const [{ as_of: latest } = { as_of: '' }] = await query<{ as_of: string }>(`SELECT max(as_of)::VARCHAR AS as_of FROM rfm_segments`);
    const day = daysBefore(latest, 10);
    const r = await rapport('backfill', 'daily', '--from', day, '--to', day, '--with-outputs', '--quiet');
    expect(r.code, r.err).toBe(0);
    expect(await readFile(reportFile(), 'utf8')).toContain(`As of ${day} (data before this date)`);
  }, 240_000);
});
