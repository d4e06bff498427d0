// The daily pipeline runs the config's data tests after the transforms: a failing error-severity test fails the
// run and skips the exports (data that fails a test is not sent out), the report still runs; a warn-severity test warns.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type LoadedConfig } from '../../config/load-config.js';
import { loadPipeline } from '../../pipelines/index.js';
import { orderSteps } from '../../runner/pipeline.js';
import { runPipeline } from '../../runner/run-pipeline.js';
import { generateSample, sampleSources } from '../../sources/sample/index.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeAll(async () => {
  t = await tempWarehouse();
  await generateSample({ customers: 150, seed: 3, outDir: path.join(t.dir, 'sample') });
});
afterAll(async () => { await t.dispose(); });

const configWith = (dataTests: unknown[]): LoadedConfig => parseConfig({
  sources: sampleSources('sample'),
  outputs: { exports: 'exports', reports: 'reports' },
  pipelines: { daily: { schedule: '0 6 * * *', exports: [{ segment: 'Champions' }] } },
  dataTests,
}, path.join(t.dir, 'rapport.config.ts'), {});
const steps = async (runId: string) => Object.fromEntries((await t.warehouse.all<{ step: string; status: string }>(
  'SELECT step, status FROM pipeline_steps WHERE run_id = $1', [runId])).map((s) => [s.step, s.status]));

describe('the data_tests step of the daily pipeline', () => {
  it('is added only when the config declares data tests, after the transforms and before the exports that wait for it', async () => {
    expect((await loadPipeline('daily', configWith([]))).steps.map((s) => s.name)).not.toContain('data_tests');
    const pipeline = await loadPipeline('daily', configWith([{ kind: 'unique', table: 'customer_360', column: 'customer_id' }]));
    const names = pipeline.steps.map((s) => s.name);
    expect(names.slice(names.indexOf('clv_calibration'))).toEqual(['clv_calibration', 'data_tests', 'export:champions.csv', 'report:kpi']);
    expect(pipeline.steps.find((s) => s.name === 'data_tests')!.dependsOn).toEqual(names.slice(0, names.indexOf('data_tests')));
    expect(pipeline.steps.find((s) => s.name === 'export:champions.csv')!.dependsOn).toContain('data_tests');
    expect(pipeline.steps.find((s) => s.name === 'report:kpi')!.dependsOn).not.toContain('data_tests');
  });

  it('with retention and a freshness check too, orders every step: data tests before the exports, retention last', async () => {
    // These three used to make a cycle (data_tests -> retention -> export -> data_tests): every run failed before a step.
    const loaded = parseConfig({
      sources: sampleSources('sample'),
      outputs: { exports: 'exports', reports: 'reports' },
      retention: { email: '24 months' },
      pipelines: { daily: { schedule: '0 6 * * *', exports: [{ segment: 'Champions' }], freshness: { orders: '400d' } } },
      dataTests: [{ kind: 'unique', table: 'customer_360', column: 'customer_id' }],
    }, path.join(t.dir, 'rapport.config.ts'), {});
    const pipeline = await loadPipeline('daily', loaded);
    const names = orderSteps(pipeline).map((s) => s.name);
    expect(names.at(-1)).toBe('retention');
    expect(pipeline.steps.find((s) => s.name === 'retention')!.dependsOn).toEqual(names.slice(0, -1));
    expect(pipeline.steps.find((s) => s.name === 'data_tests')!.dependsOn).not.toContain('retention');
    expect(names.indexOf('data_tests')).toBeLessThan(names.indexOf('export:champions.csv'));
    expect(pipeline.steps.find((s) => s.name === 'report:kpi')!.dependsOn).toContain('check:freshness');
    const outcome = await runPipeline(pipeline, { warehouse: t.warehouse, loaded });
    expect(outcome.status).toBe('success');
    expect(outcome.steps.map((s) => s.step)).toEqual(names);
  });

  it('passes and records its results under the run id; a failed warn-severity test is a run warning', async () => {
    const loaded = configWith([
      { kind: 'unique', table: 'customer_360', column: 'customer_id' },
      { kind: 'quarantine_rate', source: 'orders', maxPct: 0, severity: 'warn' }, // the sample quarantines some orders on purpose
    ]);
    const outcome = await runPipeline(await loadPipeline('daily', loaded), { warehouse: t.warehouse, loaded });
    expect(outcome.status).toBe('success');
    const results = await t.warehouse.all<{ test: string; status: string }>('SELECT test, status FROM data_test_results WHERE run_id = $1 ORDER BY test', [outcome.runId]);
    expect(results).toEqual([{ test: 'quarantine_rate_orders', status: 'warn' }, { test: 'unique_customer_360_customer_id', status: 'pass' }]);
    const warnings = await t.warehouse.all<{ step: string; kind: string; subject: string }>('SELECT step, kind, subject FROM pipeline_warnings WHERE run_id = $1', [outcome.runId]);
    expect(warnings).toEqual([{ step: 'data_tests', kind: 'data-test', subject: 'quarantine_rate_orders' }]);
  }, 120_000);

  it('fails the run when an error-severity test fails: the exports are skipped, the report is still written', async () => {
    const loaded = configWith([
      { kind: 'accepted_values', table: 'rfm_segments', column: 'segment', values: ['Lost'] }, // every other segment fails
    ]);
    const outcome = await runPipeline(await loadPipeline('daily', loaded), { warehouse: t.warehouse, loaded });
    expect(outcome.status).toBe('failed');
    expect(await steps(outcome.runId)).toMatchObject({ data_tests: 'failed', 'export:champions.csv': 'skipped', 'report:kpi': 'success', rfm_segments: 'success' });
    const step = outcome.steps.find((s) => s.step === 'data_tests')!;
    expect(step.error).toMatch(/^1 of 1 data tests failed: accepted_values_rfm_segments_segment \(\d+ rows of rfm_segments have a segment outside the accepted values: /);
    const [result] = await t.warehouse.all<{ status: string; failing_rows: number }>('SELECT status, failing_rows FROM data_test_results WHERE run_id = $1', [outcome.runId]);
    const [{ n } = { n: -1 }] = await t.warehouse.all<{ n: number }>(`SELECT count(*) AS n FROM rfm_segments WHERE segment <> 'Lost'`);
    expect(result).toEqual({ status: 'fail', failing_rows: n });
    expect(n).toBeGreaterThan(0);
  }, 120_000);
});
