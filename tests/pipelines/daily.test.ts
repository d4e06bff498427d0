import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type LoadedConfig } from '../../config/load-config.js';
import { dailyPipeline } from '../../pipelines/daily.js';
import { runPipeline, type RunOutcome } from '../../runner/run-pipeline.js';
import { generateSample, sampleSources } from '../../sources/sample/index.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
let loaded: LoadedConfig;
let first: RunOutcome;

const tableCounts = async () =>
  t.warehouse.all<{ t: string; n: number }>(`
    SELECT 'email' AS t, count(*) AS n FROM email_events UNION ALL SELECT 'social', count(*) FROM social_interactions
    UNION ALL SELECT 'orders', count(*) FROM order_lines UNION ALL SELECT 'quarantine', count(*) FROM quarantine
    UNION ALL SELECT 'customers', count(*) FROM customer_360 ORDER BY 1`);

beforeAll(async () => {
  t = await tempWarehouse();
  await generateSample({ customers: 300, seed: 7, outDir: path.join(t.dir, 'sample') });
  loaded = parseConfig(
    {
      sources: sampleSources('sample'),
      outputs: { exports: 'exports', reports: 'reports' },
      pipelines: { daily: { schedule: '0 6 * * *', exports: [{ segment: 'Champions' }] } },
    },
    path.join(t.dir, 'rapport.config.ts'),
    {},
  );
  first = await runPipeline(dailyPipeline(loaded), { warehouse: t.warehouse, loaded });
});
afterAll(async () => { await t.dispose(); });

describe('the daily pipeline on a generated sample', () => {
  it('runs every step successfully and records the run and its steps', async () => {
    expect(first.steps.filter((s) => s.status !== 'success')).toEqual([]);
    const [run] = await t.warehouse.all<{ status: string; ended_at: Date | null }>(
      'SELECT status, ended_at FROM pipeline_runs WHERE run_id = $1', [first.runId]);
    expect(run?.status).toBe('success');
    expect(run?.ended_at).toBeInstanceOf(Date);
    const steps = await t.warehouse.all<{ step: string; status: string }>(
      'SELECT step, status FROM pipeline_steps WHERE run_id = $1 ORDER BY step', [first.runId]);
    expect(steps.map((s) => s.step)).toEqual([...first.steps.map((s) => s.step)].sort());
    expect(new Set(steps.map((s) => s.status))).toEqual(new Set(['success']));
  });

  it('accounts for every row read: loaded + quarantined + duplicates merged', async () => {
    for (const s of first.steps.filter((x) => x.step.startsWith('extract:'))) {
      const r = s.result!;
      expect(r.rowsIn, s.step).toBeGreaterThan(0);
      expect(r.rowsIn, s.step).toBe((r.rowsOut ?? 0) + (r.rowsQuarantined ?? 0) + (r.rowsDuplicate ?? 0));
    }
    const [{ q } = { q: 0 }] = await t.warehouse.all<{ q: number }>('SELECT count(*) AS q FROM quarantine');
    expect(q).toBeGreaterThan(0); // the sample carries malformed rows on purpose
  });

  it('writes a segment export without suppressed customers and a KPI report with inline SVG charts', async () => {
    const csv = await readFile(path.join(t.dir, 'exports', 'champions.csv'), 'utf8');
    const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
    const [{ n } = { n: -1 }] = await t.warehouse.all<{ n: number }>(`
      SELECT count(*) AS n FROM rfm_segments r JOIN customer_360 c USING (customer_id)
      WHERE segment = 'Champions' AND primary_email IS NOT NULL AND NOT (email_unsubscribed OR email_bounced OR email_complained)`);
    expect(parsed.data.length).toBe(n);
    expect(n).toBeGreaterThan(0);
    expect(new Set(parsed.data.map((r) => r.segment))).toEqual(new Set(['Champions']));
    const html = await readFile(path.join(t.dir, 'reports', 'kpi', 'index.html'), 'utf8');
    expect(html.match(/<svg/g)?.length).toBeGreaterThanOrEqual(3);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/); // self-contained: nothing to fetch
  });

  it('adds no rows when run a second time', async () => {
    const before = await tableCounts();
    const second = await runPipeline(dailyPipeline(loaded), { warehouse: t.warehouse, loaded });
    expect(second.status).toBe('success');
    expect(await tableCounts()).toEqual(before);
    const extracts = second.steps.filter((s) => s.step.startsWith('extract:'));
    expect(extracts.map((s) => s.result?.rowsIn)).toEqual([0, 0, 0, 0, 0, 0]); // unchanged files are skipped (email, social, orders, support, feedback, products)
    expect(second.steps.find((s) => s.step === 'sentiment')?.result?.rowsOut).toBe(0); // nothing new to score
  });
});
