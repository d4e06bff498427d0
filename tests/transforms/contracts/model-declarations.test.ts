// Each model's declared output columns (transforms/contracts/) are what its SQL really builds: names, order and types.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { parseConfig } from '../../../config/load-config.js';
import { dailyPipeline } from '../../../pipelines/daily.js';
import { runPipeline } from '../../../runner/run-pipeline.js';
import { generateSample, sampleSources } from '../../../sources/sample/index.js';
import { clvCalibration, columnDefinitions, models, type DB, type ModelContract } from '../../../transforms/contracts/index.js';
import { tempWarehouse, type TempWarehouse } from '../../helpers/temp-warehouse.js';

type CatalogColumn = { table_name: string; column_name: string; data_type: string };

/** Where `model` and the warehouse's catalog disagree, one line each (empty when they agree). */
function drift(model: ModelContract, catalog: readonly CatalogColumn[]): string[] {
  const built = catalog.filter((c) => c.table_name === model.table).map((c) => `${c.column_name} ${c.data_type}`);
  const declared = Object.entries(model.columns).map(([name, c]) => `${name} ${c.type}`);
  if (built.length === 0) return [`${model.table}: not built`];
  return declared.join(', ') === built.join(', ') ? [] : [`${model.table}: declared ${declared.join(', ')}; built ${built.join(', ')}`];
}

let t: TempWarehouse;
let catalog: CatalogColumn[];

beforeAll(async () => {
  t = await tempWarehouse();
  await generateSample({ customers: 200, seed: 11, outDir: path.join(t.dir, 'sample') });
  const loaded = parseConfig({ sources: sampleSources('sample'), outputs: { exports: 'exports', reports: 'reports' } }, path.join(t.dir, 'rapport.config.ts'), {});
  const run = await runPipeline(dailyPipeline(loaded), { warehouse: t.warehouse, loaded });
  expect(run.steps.filter((s) => s.status !== 'success').map((s) => s.step)).toEqual([]);
  catalog = await t.warehouse.all<CatalogColumn>(
    `SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'main' ORDER BY table_name, ordinal_position`);
}, 120_000);
afterAll(async () => { await t.dispose(); });

describe('model declarations', () => {
  it('match the columns the daily pipeline builds, in order and with their DuckDB types', () => {
    expect(models.flatMap((m) => drift(m, catalog))).toEqual([]);
  });

  it('say which columns may hold NULL: a column not declared nullable has no NULL on the sample', async () => {
    const offenders: string[] = [];
    for (const m of models) {
      const strict = Object.entries(m.columns).filter(([, c]) => !c.nullable).map(([name]) => name);
      const [row] = await t.warehouse.all<Record<string, number>>(
        `SELECT ${strict.map((c) => `count(*) FILTER (WHERE "${c}" IS NULL) AS "${c}"`).join(', ')} FROM ${m.table}`);
      offenders.push(...Object.entries(row!).filter(([, n]) => n > 0).map(([c]) => `${m.table}.${c}`));
    }
    expect(offenders).toEqual([]);
  });

  it('report a declaration that no longer matches its SQL', () => {
    const [first] = models;
    const renamed = { ...first, columns: { ...first.columns, renamed: { type: 'VARCHAR', meaning: 'x' } } } as ModelContract;
    expect(drift(renamed, catalog)).toEqual([expect.stringMatching(/^identities: declared .*renamed VARCHAR; built /)]);
    expect(drift({ ...first, table: 'no_such_model' } as ModelContract, catalog)).toEqual(['no_such_model: not built']);
  });

  it('give the column list of a CREATE TABLE, as clv_calibration was written by hand before', () => {
    expect(columnDefinitions(clvCalibration)).toBe(
      'calibration_purchases VARCHAR, customers INTEGER, actual INTEGER, predicted DOUBLE, as_of DATE, calibration_end DATE, holdout_end DATE, predicted_null_reason VARCHAR');
  });

  it('give every column a one-line meaning', () => {
    const missing = models.flatMap((m) => Object.entries(m.columns).filter(([, c]) => !/^[^\n]{3,}$/.test(c.meaning)).map(([n]) => `${m.table}.${n}`));
    expect(missing).toEqual([]);
  });

  it('derive the typed DB interface: names, JS types and nullability', () => {
    expectTypeOf<keyof DB>().toEqualTypeOf<(typeof models)[number]['table']>();
    expectTypeOf<DB['rfm_segments']['segment']>().toEqualTypeOf<string>();
    expectTypeOf<DB['rfm_segments']['monetary']>().toEqualTypeOf<number>();
    expectTypeOf<DB['customer_360']['emails']>().toEqualTypeOf<string[] | null>();
    expectTypeOf<DB['customer_360']['last_order_at']>().toEqualTypeOf<Date | null>();
    expectTypeOf<DB['churn_metrics']['partial']>().toEqualTypeOf<boolean>();
    expectTypeOf<DB['churn_metrics']['month']>().toEqualTypeOf<string>();
    expectTypeOf<DB['segment_transitions']>().not.toHaveProperty('customer_id');
  });
});
