import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load-config.js';
import { dailyPipeline } from '../../pipelines/daily.js';
import { exportSegmentStep } from '../../pipelines/steps.js';
import type { StepContext } from '../../runner/pipeline.js';
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
    expect(steps.map((s) => [s.name, s.dependsOn])).toEqual([['export:at-risk.csv', ['rfm_segments', 'clv_predictions']], ['export:at-risk-hashed-changes.parquet', ['rfm_segments', 'clv_predictions']]]);
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
});
