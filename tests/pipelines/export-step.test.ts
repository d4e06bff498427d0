import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load-config.js';
import { dailyPipeline } from '../../pipelines/daily.js';
import { ExportConfig } from '../../config/schema.js';
import { exportSegmentStep } from '../../pipelines/steps.js';
import type { Pipeline, StepContext } from '../../runner/pipeline.js';
import { runPipeline } from '../../runner/run-pipeline.js';
import { exportSegment } from '../../sinks/segment-export.js';
import { seedAudience } from '../helpers/audience-fixture.js';
import { stepContext } from '../helpers/step-context.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

function context(config: Record<string, unknown>): StepContext {
  const loaded = parseConfig({ sources: {}, outputs: { exports: 'exports' }, ...config }, path.join(t.dir, 'rapport.config.ts'), {});
  return stepContext({ warehouse: t.warehouse, loaded, runId: 'run-1' });
}

describe('scheduled segment exports', () => {
  it('exports each configured entry in its format to the exports folder and records the run id', async () => {
    await seedAudience(t.warehouse, [{ id: 'a', segment: 'At Risk', phones: ['+16505551212'] }, { id: 'b', segment: 'At Risk', bounced: true }]);
    const ctx = context({
      pipelines: { daily: { schedule: '0 6 * * *', exports: [
        { segment: 'At Risk' },
        { segment: 'At Risk', format: 'parquet', hashed: true, platform: 'meta', sinceLast: true },
      ] } },
    });
    const steps = dailyPipeline(ctx.loaded).steps.filter((s) => s.name.startsWith('export:'));
    // Every table an audience column may come from: steps run side by side, so the export waits for each.
    const audience = ['rfm_segments', 'clv_predictions', 'customer_preferences', 'product_recommendations'];
    expect(steps.map((s) => [s.name, s.dependsOn])).toEqual([['export:at-risk.csv', audience], ['export:at-risk-hashed-changes.parquet', audience]]);
    const results = [];
    for (const s of steps) results.push(await s.run(ctx));
    expect(results.map((r) => [r.rowsIn, r.rowsOut, r.facts?.suppressed, path.relative(t.dir, r.outputs![0]!)])).toEqual([
      [2, 1, 1, path.join('exports', 'at-risk.csv')], [2, 1, 1, path.join('exports', 'at-risk-hashed-changes.parquet')],
    ]);
    const csv = Papa.parse<Record<string, string>>(await readFile(path.join(t.dir, 'exports', 'at-risk.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
    expect(csv.map((r) => r.customer_id)).toEqual(['a']);
    const parquet = await t.warehouse.all(`SELECT * FROM read_parquet('${path.join(t.dir, 'exports', 'at-risk-hashed-changes.parquet')}')`);
    const [hashes] = await t.warehouse.all<{ e: string; p: string }>(`SELECT sha256('a@example.com') AS e, sha256('16505551212') AS p`);
    expect(parquet).toEqual([{ change: 'add', email_sha256: hashes!.e, phone_sha256: hashes!.p }]);
    const runs = await t.warehouse.all<{ run_id: string; format: string; audience: string }>('SELECT run_id, format, audience FROM segment_exports ORDER BY format');
    expect(runs).toEqual([{ run_id: 'run-1', format: 'csv', audience: 'plain' }, { run_id: 'run-1', format: 'parquet', audience: 'hashed-meta' }]);
  });

  it('keeps a crafted segment name inside the exports folder', async () => {
    await seedAudience(t.warehouse, [{ id: 'a', segment: 'At Risk' }]);
    const ctx = context({ segments: { '../../../tmp/evil': { where: { column: 'segment', op: 'eq', value: 'At Risk' } } } });
    const r = await exportSegmentStep({ segment: '../../../tmp/evil', format: 'csv', hashed: false, platform: 'google', sinceLast: false, bom: false, includeSuppressed: false }).run(ctx);
    expect(r.outputs).toEqual([path.join(t.dir, 'exports', 'tmp-evil.csv')]);
    expect(await readdir(t.dir)).not.toContain('tmp');
  });

  it('fails the step, naming the variable, when the webhook token is not in the environment', async () => {
    await seedAudience(t.warehouse, [{ id: 'a', segment: 'At Risk' }]);
    const step = exportSegmentStep({ segment: 'At Risk', format: 'csv', hashed: false, platform: 'google', sinceLast: false, bom: false, includeSuppressed: false,
      webhook: { url: 'http://127.0.0.1:9/x', batchSize: 10, maxAttempts: 1, tokenEnv: 'RAPPORT_TEST_UNSET_TOKEN' } });
    await expect(step.run(context({}))).rejects.toThrow('export at-risk.csv: environment variable RAPPORT_TEST_UNSET_TOKEN (webhook.tokenEnv) is not set');
  });

  it('sends the README\'s scheduled delta the changes since its own previous delta, whatever else was exported in between', async () => {
    // The README's scheduled exports: a plain file and a delta of the same segment in one pipeline.
    const ctx = context({ pipelines: { daily: { schedule: '0 6 * * *', exports: [{ segment: 'At Risk' }, { segment: 'At Risk', format: 'ndjson', sinceLast: true }] } } });
    const steps = dailyPipeline(ctx.loaded).steps.filter((s) => s.name.startsWith('export:'));
    const runExports = async () => { for (const s of steps) await s.run(ctx); };
    const changes = async () => (await readFile(path.join(t.dir, 'exports', 'at-risk-changes.ndjson'), 'utf8'))
      .trim().split('\n').filter(Boolean).map((l) => { const r = JSON.parse(l) as { change: string; customer_id: string }; return `${r.change} ${r.customer_id}`; });

    await seedAudience(t.warehouse, [{ id: 'a', segment: 'At Risk' }, { id: 'b', segment: 'At Risk' }]);
    await runExports();
    expect(await changes()).toEqual(['add a', 'add b']);
    // In between: a delta to another file (a CLI export or a web download) must not become the schedule's baseline.
    await seedAudience(t.warehouse, [{ id: 'a', segment: 'At Risk' }, { id: 'c', segment: 'At Risk' }]);
    await exportSegment(t.warehouse, { segment: 'At Risk', out: path.join(t.dir, 'download.csv'), sinceLast: true });
    await runExports();
    expect(await changes()).toEqual(['add c', 'remove b']);
    await runExports();
    expect(await changes()).toEqual([]); // nothing changed since the last delta
  });

  it('warns, with the counts by reason, when an export is empty; keyed by customer id the same audience is exported', async () => {
    // An orders-only shop (like the Online Retail example): customers have ids but no email.
    await seedAudience(t.warehouse, [
      { id: 'a', segment: 'At Risk', email: null }, { id: 'b', segment: 'At Risk', email: null }, { id: 'c', segment: 'At Risk', email: null, unsubscribed: true },
      { id: 'd', segment: 'At Risk' },
    ]);
    const loaded = parseConfig({ sources: {}, outputs: { exports: 'exports' }, pipelines: { daily: { schedule: '0 6 * * *', exports: [
      { segment: 'At Risk' }, { segment: 'At Risk', format: 'parquet', key: 'customer_id' },
    ] } } }, path.join(t.dir, 'rapport.config.ts'), {});
    const steps = dailyPipeline(loaded).steps.filter((s) => s.name.startsWith('export:'));
    const pipeline: Pipeline = { name: 'daily', schedule: '0 6 * * *', timezone: 'UTC', steps: steps.map((s) => ({ ...s, dependsOn: [] })) };
    const outcome = await runPipeline(pipeline, { warehouse: t.warehouse, loaded });
    expect(outcome.status).toBe('success');
    const warnings = await t.warehouse.all<{ step: string; kind: string; message: string }>('SELECT step, kind, message FROM pipeline_warnings ORDER BY step');
    expect(warnings).toEqual([{
      step: 'export:at-risk.csv', kind: 'export-left-out',
      message: 'export of segment "At Risk" left out most members: 1 of 4 members written, 3 left out: 1 unsubscribed, 2 no email; '
        + "for customers known only by id, export keyed by customer id or account (key: 'customer_id' or 'account', --key)",
    }]);
    const byId = await t.warehouse.all<{ customer_id: string }>(`SELECT customer_id FROM read_parquet('${path.join(t.dir, 'exports', 'at-risk.parquet')}')`);
    expect(byId.map((r) => r.customer_id)).toEqual(['a', 'b', 'd']); // consent still applies: c unsubscribed

    await seedAudience(t.warehouse, [{ id: 'a', segment: 'At Risk', email: null }, { id: 'b', segment: 'Lost', email: null }]);
    const empty = await exportSegmentStep(ExportConfig.parse({ segment: 'At Risk' })).run(stepContext({ warehouse: t.warehouse, loaded, runId: 'run-2' }));
    expect([empty.rowsOut, empty.warnings]).toEqual([0, [{
      kind: 'export-left-out', subject: 'at-risk.csv',
      message: 'export of segment "At Risk" is empty: 0 of 1 member written, 1 left out: 1 no email; '
        + "for customers known only by id, export keyed by customer id or account (key: 'customer_id' or 'account', --key)",
    }]]);
  });
});

