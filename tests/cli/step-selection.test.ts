// `rapport run --select/--exclude/--no-exports/--no-report`: which steps of the daily pipeline run, in dbt's grammar.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../cli/command.js';
import { selectSteps, type StepSelection } from '../../cli/step-selection.js';
import { parseConfig } from '../../config/load-config.js';
import { dailyPipeline } from '../../pipelines/daily.js';
import { generateSample, sampleSources } from '../../sources/sample/index.js';
import { openWarehouse } from '../../warehouse/warehouse.js';
import { runCli, writeConfig } from '../helpers/cli-run.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

const daily = dailyPipeline(parseConfig({
  sources: sampleSources('s'), pipelines: { daily: { schedule: '0 6 * * *', exports: [{ segment: 'Champions' }] } },
}, '/p/rapport.config.ts', {}));
const names = (selection: StepSelection) => selectSteps(daily, selection).steps.map((s) => s.name);
const deps = (selection: StepSelection, step: string) => selectSteps(daily, selection).steps.find((s) => s.name === step)?.dependsOn;

describe('selecting steps of the daily pipeline', () => {
  it('NAME+ takes the step and everything downstream of it, dropping dependencies on steps left out', () => {
    expect(names({ select: ['rfm_segments+'] })).toEqual(
      ['rfm_segments', 'segment_transitions', 'clv_predictions', 'clv_calibration', 'export:champions.csv', 'report:kpi']);
    expect(deps({ select: ['rfm_segments+'] }, 'rfm_segments')).toEqual([]);
    expect(deps({ select: ['rfm_segments+'] }, 'report:kpi')).toEqual(['rfm_segments', 'segment_transitions', 'clv_predictions', 'clv_calibration']);
  });

  it('+NAME takes the step and everything it depends on; several selectors add up', () => {
    expect(names({ select: ['+customer_360'] })).toEqual(
      ['extract:email', 'extract:social', 'extract:orders', 'extract:support', 'extract:feedback', 'identities', 'sentiment', 'customer_360']);
    expect(names({ select: ['churn_metrics,cohort_retention', 'identities'] })).toEqual(['identities', 'cohort_retention', 'churn_metrics']);
  });

  it('--exclude, --no-exports and --no-report leave steps out', () => {
    expect(names({ exclude: ['clv_predictions+'] })).not.toContain('report:kpi');
    expect(names({ exclude: ['clv_predictions+'] })).toEqual(daily.steps.map((s) => s.name)
      .filter((n) => !['clv_predictions', 'export:champions.csv', 'report:kpi'].includes(n)));
    expect(names({ noExports: true, noReport: true })).toEqual(daily.steps.map((s) => s.name).filter((n) => !/^(export|report):/.test(n)));
    expect(selectSteps(daily, {})).toBe(daily);
  });

  it('names the known steps when a selector names none, and refuses an empty selection', () => {
    expect(() => names({ select: ['rfm'] })).toThrow(UsageError);
    expect(() => names({ select: ['rfm'] })).toThrow(/no step "rfm" in pipeline daily: expected one of extract:email, .*report:kpi/);
    expect(() => names({ select: ['report:kpi'], noReport: true })).toThrow('the selection leaves no step of pipeline daily to run');
  });
});

describe('rapport run --select', () => {
  let t: TempWarehouse;
  beforeAll(async () => {
    t = await tempWarehouse();
    t.warehouse.close();
    await generateSample({ customers: 120, seed: 9, outDir: path.join(t.dir, 'sample') });
  });
  afterAll(async () => { await t.dispose(); });

  it('runs and records only the selected steps, on the tables an earlier run built', async () => {
    const config = await writeConfig(t.dir, {
      warehouse: 'w.duckdb', sources: sampleSources('sample'), outputs: { exports: 'exports', reports: 'reports' },
      pipelines: { daily: { schedule: '0 6 * * *', exports: [{ segment: 'Champions' }] } },
    });
    expect((await runCli(['run', 'daily', '--quiet', '--config', config], t.dir)).code).toBe(0);
    const r = await runCli(['run', 'daily', '--select', 'rfm_segments+', '--no-report', '--quiet', '--config', config], t.dir);
    expect(r.code, r.err).toBe(0);
    const runId = /^run (\S+): success$/m.exec(r.out)![1]!;
    const wh = await openWarehouse(path.join(t.dir, 'w.duckdb'), { readOnly: true });
    try {
      const steps = await wh.all<{ step: string; status: string }>('SELECT step, status FROM pipeline_steps WHERE run_id = $1 ORDER BY step', [runId]);
      expect(steps).toEqual(['clv_calibration', 'clv_predictions', 'export:champions.csv', 'rfm_segments', 'segment_transitions'].map((step) => ({ step, status: 'success' })));
      // The run's as-of is recorded as a full run's is (customer_360, which reported it, did not run).
      const runs = await wh.all<{ as_of: string | null }>(`SELECT as_of FROM pipeline_runs ORDER BY started_at`);
      expect(runs).toHaveLength(2);
      expect(runs[0]!.as_of).not.toBeNull();
      expect(runs[1]!.as_of).toBe(runs[0]!.as_of);
    } finally {
      wh.close();
    }
  }, 120_000);
});
