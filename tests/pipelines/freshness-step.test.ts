// A pipeline with `freshness` in its config gets a check step whose stale sources become warnings in the run.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load-config.js';
import { loadPipeline } from '../../pipelines/index.js';
import { runPipeline } from '../../runner/run-pipeline.js';
import { ordersChannel } from '../../sources/contracts/index.js';
import { insertRows } from '../helpers/channel-rows.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

describe('freshness check', () => {
  it('runs after the extract of each checked source and records a stale source as a warning, not a failure', async () => {
    const loaded = parseConfig({
      sources: { fixture: { connector: 'file', channel: 'orders', path: 'orders.csv' } },
      pipelines: { daily: { schedule: '0 6 * * *', freshness: { fixture: '2d' } } },
    }, `${t.dir}/rapport.config.ts`, {});
    const pipeline = await loadPipeline('daily', loaded);
    const check = pipeline.steps.find((s) => s.name === 'check:freshness');
    expect(check?.dependsOn).toEqual(['extract:fixture']);
    const old = new Date(Date.now() - 5 * 86_400_000).toISOString();
    await insertRows(t.warehouse, ordersChannel, [
      { order_id: 'o1', line_no: 1, status: 'completed', currency: 'EUR', quantity: 1, amount: 5, ordered_at: old },
    ]);
    const outcome = await runPipeline(pipeline, { warehouse: t.warehouse, loaded, params: { fromStep: 'check:freshness' } });
    expect(outcome.status).toBe('success');
    const warnings = await t.warehouse.all<{ kind: string; subject: string; message: string }>(
      'SELECT kind, subject, message FROM pipeline_warnings WHERE run_id = $1', [outcome.runId]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ kind: 'stale-source', subject: 'fixture' });
    expect(warnings[0]!.message).toMatch(/^source fixture: newest data is from \S+, 5\.0 days old \(allowed 2d\)$/);
  });

  it('rejects a freshness limit for an unknown source or with a bad duration', () => {
    expect(() => parseConfig({
      sources: { orders: { connector: 'file', channel: 'orders', path: 'o.csv' } },
      pipelines: { daily: { schedule: '0 6 * * *', freshness: { shop: '2d', orders: 'two days' } } },
    }, '/x/rapport.config.ts', {})).toThrow(/pipelines\.daily\.freshness\.orders: expected a duration[\s\S]*pipelines\.daily\.freshness\.shop: unknown source "shop"/);
  });
});
