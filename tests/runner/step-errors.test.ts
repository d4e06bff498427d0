// A failed step's error carries where it failed (stage, run id, source, location, row) into the run record,
// `rapport run --json`, `rapport runs show` and its --json, all from the same fields.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load-config.js';
import type { Pipeline, Step } from '../../runner/pipeline.js';
import type { RunEvent } from '../../runner/run-events.js';
import { runPipeline } from '../../runner/run-pipeline.js';
import { RapportError } from '../../shared/rapport-error.js';
import { runCli, writeConfig } from '../helpers/cli-run.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

const step = (name: string, run: () => Promise<object>): Step => ({ name, dependsOn: [], run: run as Step['run'], retry: { attempts: 1 } });

describe('errors of failed steps', () => {
  it('record the step as stage and the run id, keep the source, location and row the error named, and show them everywhere', async () => {
    const pipeline: Pipeline = { name: 'test', schedule: '* * * * *', timezone: 'UTC', steps: [
      step('extract:orders', async () => { throw new RapportError('amount "x" is not a number', { source: 'orders', location: 'orders.csv', row: 7 }); }),
      step('plain', async () => { throw new Error('disk full'); }),
    ] };
    const events: RunEvent[] = [];
    const loaded = parseConfig({ warehouse: 'w.duckdb', sources: {} }, `${t.dir}/rapport.config.ts`, {});
    const outcome = await runPipeline(pipeline, { warehouse: t.warehouse, loaded, onEvent: (e) => events.push(e) });
    const runId = outcome.runId;
    const orders = { stage: 'extract:orders', runId, source: 'orders', location: 'orders.csv', row: 7 };
    const plain = { stage: 'plain', runId };
    expect(outcome.steps.map((s) => s.errorContext)).toEqual([orders, plain]);
    expect(events.filter((e) => e.type === 'step-end').map((e) => (e as { errorContext?: unknown }).errorContext)).toEqual([orders, plain]);
    const stored = await t.warehouse.all<{ step: string; error: string; error_context: string }>('SELECT step, error, error_context FROM pipeline_steps WHERE run_id = $1 ORDER BY step', [runId]);
    expect(stored.map((s) => [s.step, s.error, JSON.parse(s.error_context)])).toEqual([['extract:orders', 'amount "x" is not a number', orders], ['plain', 'disk full', plain]]);
    t.warehouse.close();

    const config = await writeConfig(t.dir, { warehouse: t.warehouse.path, sources: {} });
    const json = await runCli(['runs', 'show', runId, '--json', '--config', config], t.dir);
    expect(json.code, json.err).toBe(0);
    expect(JSON.parse(json.out).steps.map((s: { step: string; error_context: unknown }) => [s.step, s.error_context])).toEqual([['extract:orders', orders], ['plain', plain]]);
    const text = await runCli(['runs', 'show', runId, '--config', config], t.dir);
    expect(text.out).toContain(`where steps failed:\n  extract:orders: amount "x" is not a number\n    (stage extract:orders, run ${runId}, source orders, at orders.csv, row 7)`);
    expect(text.out).toContain(`  plain: disk full\n    (stage plain, run ${runId})`);
  });

  it('print the same way in `rapport run`\'s summary and its --json events', async () => {
    t.warehouse.close();
    const shared = new URL('../../shared/rapport-error.ts', import.meta.url).href;
    await t.files({ 'failing.mjs': `import { RapportError } from ${JSON.stringify(shared)};
export default () => ({ steps: [{ name: 'extract:orders', dependsOn: [], retry: { attempts: 1 },
  run: async () => { throw new RapportError('amount "x" is not a number', { source: 'orders', location: 'orders.csv', row: 7 }); } }] });
` });
    const config = await writeConfig(t.dir, { warehouse: t.warehouse.path, sources: {}, pipelines: { failing: { schedule: '0 6 * * *', module: 'failing.mjs' } } });
    const text = await runCli(['run', 'failing', '--config', config, '--quiet'], t.dir);
    expect(text.code, text.err).toBe(1);
    const runId = /run (\S+): failed/.exec(text.out)![1]!;
    expect(text.out).toContain(`  extract:orders: failed: amount "x" is not a number\n    (stage extract:orders, run ${runId}, source orders, at orders.csv, row 7)`);
    const json = await runCli(['run', 'failing', '--config', config, '--json'], t.dir);
    const end = json.out.split('\n').map((l) => JSON.parse(l) as RunEvent).find((e) => e.type === 'step-end')!;
    expect(end).toMatchObject({ error: 'amount "x" is not a number', errorContext: { stage: 'extract:orders', runId: end.runId, source: 'orders', location: 'orders.csv', row: 7 } });
  });
});
