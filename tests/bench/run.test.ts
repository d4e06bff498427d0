// Smoke run of the benchmark harness on a tiny sample: every measure is there and every comparison is a finite number.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { median, runBench, type BenchReport } from '../../bench/bench.js';
import { formatTable } from '../../bench/format-table.js';
import { spawnScript } from '../helpers/spawn-process.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const expectedMeasures = [
  'extract+load email', 'extract+load social', 'extract+load orders', 'extract+load, all sources',
  'identities', 'customer_360', 'identities + customer_360', 'rfm_segments', 'segment_transitions', 'cohort_retention',
  'churn_metrics', 'customer_value', 'customer_preferences', 'product_recommendations', 'clv_predictions', 'clv_calibration', 'export:at-risk.csv', 'export:champions.csv',
  'report:kpi', 'load + customer_360 + RFM', 'daily pipeline, whole', 'floor: whole pipeline', 'RFM from orders file (Rapport)',
  'pandas read_csv + RFM', 'incremental: last 1 day as new files, whole', 'incremental identities', 'incremental customer_360',
];
// Rapport's steps that have a hand-written SQL floor row right below them.
const flooredSteps = ['rfm_segments', 'segment_transitions', 'cohort_retention', 'churn_metrics', 'customer_value', 'export:at-risk.csv', 'export:champions.csv'];

describe('benchmark harness', () => {
  it('measures every step and baseline of a tiny sample and prints them as a table', async () => {
    const outDir = await mkdtemp(path.join(os.tmpdir(), 'rapport-bench-'));
    dirs.push(outDir);
    // 300 customers: small and fast; at this size the CLV calibration fit runs off to a boundary (NULL predictions).
    const report: BenchReport = await runBench({ customers: 300, runs: 1, outDir });
    const measures = report.rows.map((r) => r.measure.trim());
    for (const m of expectedMeasures) expect(measures).toContain(m);
    for (const row of report.rows) {
      if (row.ratio !== undefined) expect(Number.isFinite(row.ratio) && row.ratio > 0, `${row.measure}: ${row.ratio}`).toBe(true);
      if (row.samples.length > 0) expect(row.samples.every((ms) => Number.isFinite(ms) && ms > 0), row.measure).toBe(true);
    }
    for (const name of flooredSteps) {
      const i = report.rows.findIndex((r) => r.measure === name);
      expect(report.rows[i]!.note, name).toBe('x floor');
      expect(report.rows[i + 1]!.measure, name).toMatch(/^ {2}floor: /);
    }
    const byName = (m: string) => report.rows.find((r) => r.measure.trim() === m)!;
    const whole = byName('daily pipeline, whole');
    expect(Number.isFinite(whole.ratio)).toBe(true);
    expect(whole.ratio).toBeCloseTo(median(whole.samples) / median(byName('floor: whole pipeline').samples), 6);
    // The steps with no SQL floor count at Rapport's own time on the floor side, so the floor is at least their sum.
    const noFloor = ['clv_predictions', 'clv_calibration', 'report:kpi'].reduce((n, m) => n + byName(m).samples[0]!, 0);
    expect(byName('floor: whole pipeline').samples[0]).toBeGreaterThan(noFloor);
    expect(byName('floor: whole pipeline').note).toContain('clv_predictions, clv_calibration, report:kpi');
    const pandas = report.rows.find((r) => r.measure.trim() === 'pandas read_csv + RFM')!;
    expect(pandas.ratio !== undefined || pandas.note === 'skipped: python3-pandas not installed').toBe(true);
    expect(report.rows.find((r) => r.measure === 'extract+load, all sources')!.rows).toBeGreaterThan(10_000);
    expect(report.peakRss[0]).toBeGreaterThan(50 * 2 ** 20);

    const table = formatTable(report, 'npm run bench -- --customers 300 --runs 1');
    const tableRows = table.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| measure') && !l.startsWith('| ---'));
    expect(tableRows).toHaveLength(report.rows.length);
    expect(table).toMatch(/^machine: \d+ cores .* GiB RAM, load average /m);
    expect(table).toContain('command: npm run bench -- --customers 300 --runs 1');
    expect(table).toMatch(/peak RSS of the daily pipeline process: median \d+ MiB/);
  }, 180_000);

  it('takes the median of an odd and an even number of runs', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('rejects an unknown scale with a usage message', async () => {
    const child = spawnScript('bench/run.ts', ['--scale', '7k']);
    expect(await child.exited(30_000)).toBe(2);
    expect(child.lines.join('\n')).toContain('--scale: expected one of 10k, 100k, 1m');
  }, 40_000);
});
