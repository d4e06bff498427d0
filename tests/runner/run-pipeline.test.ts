// The runner's record of a run: retries of transient errors, fail-fast on permanent ones, interruption, resume, warnings.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig, type LoadedConfig } from '../../config/load-config.js';
import type { RapportConfigInput } from '../../config/schema.js';
import type { Pipeline, Step, StepContext } from '../../runner/pipeline.js';
import type { RunEvent } from '../../runner/run-events.js';
import { runPipeline } from '../../runner/run-pipeline.js';
import { PermanentError, TransientError } from '../../runner/transient-error.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

const fast = { retry: { backoffMs: 10, maxBackoffMs: 40 } };
const step = (name: string, dependsOn: string[], run: (ctx: StepContext) => Promise<object>, extra: Partial<Step> = {}): Step =>
  ({ name, dependsOn, run: run as Step['run'], ...fast, ...extra });
const pipeline = (steps: Step[]): Pipeline => ({ name: 'test', schedule: '* * * * *', timezone: 'UTC', steps });
const config = (pipelines: RapportConfigInput['pipelines'] = {}, sources: RapportConfigInput['sources'] = {}): LoadedConfig =>
  parseConfig({ warehouse: 'w.duckdb', sources, pipelines }, `${t.dir}/rapport.config.ts`, {});

async function rows<T = Record<string, unknown>>(sql: string, params: (string | number)[] = []) {
  return t.warehouse.all<T>(sql, params);
}

describe('runPipeline', () => {
  it('retries a transient error with backoff, then succeeds, recording each attempt', async () => {
    let calls = 0;
    const events: RunEvent[] = [];
    const outcome = await runPipeline(pipeline([step('fetch', [], async () => {
      calls++;
      if (calls < 3) throw Object.assign(new Error(`connect ECONNREFUSED 127.0.0.1:9 (call ${calls})`), { code: 'ECONNREFUSED' });
      return { rowsOut: 7 };
    })]), { warehouse: t.warehouse, loaded: config(), onEvent: (e) => events.push(e) });
    expect(outcome.status).toBe('success');
    expect(calls).toBe(3);
    const attempts = await rows<{ attempt: number; status: string; transient: boolean | null }>(
      'SELECT attempt, status, transient FROM pipeline_step_attempts WHERE run_id = $1 ORDER BY attempt', [outcome.runId]);
    expect(attempts).toEqual([
      { attempt: 1, status: 'failed', transient: true },
      { attempt: 2, status: 'failed', transient: true },
      { attempt: 3, status: 'success', transient: null },
    ]);
    const [s] = await rows<{ status: string; attempts: number; rows_out: number }>('SELECT status, attempts, rows_out FROM pipeline_steps WHERE run_id = $1', [outcome.runId]);
    expect(s).toEqual({ status: 'success', attempts: 3, rows_out: 7 });
    // Backoff 10 ms doubling, jittered into the upper half of each wait: [5, 10] then [10, 20].
    const delays = events.filter((e) => e.type === 'step-retry').map((e) => (e as { delayMs: number }).delayMs);
    expect(delays).toHaveLength(2);
    expect(delays[0]).toBeGreaterThanOrEqual(5);
    expect(delays[0]).toBeLessThanOrEqual(10);
    expect(delays[1]).toBeGreaterThanOrEqual(10);
    expect(delays[1]).toBeLessThanOrEqual(20);
  });

  it('fails a permanent error at once and records its dependents as skipped', async () => {
    let calls = 0;
    const outcome = await runPipeline(pipeline([
      step('extract', [], async () => { calls++; throw new PermanentError('orders.csv: column "amount" is missing'); }),
      step('transform', ['extract'], async () => ({})),
      step('report', ['transform'], async () => ({})),
      step('independent', [], async () => ({ rowsOut: 1 })),
    ]), { warehouse: t.warehouse, loaded: config() });
    expect(calls).toBe(1);
    expect(outcome.status).toBe('failed');
    const steps = await rows('SELECT step, status, attempts, error FROM pipeline_steps WHERE run_id = $1 ORDER BY step', [outcome.runId]);
    expect(steps).toEqual([
      { step: 'extract', status: 'failed', attempts: 1, error: 'orders.csv: column "amount" is missing' },
      { step: 'independent', status: 'success', attempts: 1, error: null },
      { step: 'report', status: 'skipped', attempts: 0, error: 'skipped because transform did not succeed' },
      { step: 'transform', status: 'skipped', attempts: 0, error: 'skipped because extract did not succeed' },
    ]);
    const [run] = await rows('SELECT status, error FROM pipeline_runs WHERE run_id = $1', [outcome.runId]);
    expect(run).toEqual({ status: 'failed', error: 'failed steps: extract' });
  });

  it('gives up on a transient error after the attempts the config allows for that step', async () => {
    let calls = 0;
    const loaded = config({ test: { schedule: '* * * * *', retry: { attempts: 5 }, steps: { flaky: { retry: { attempts: 2, backoff: '5ms' } } } } });
    const outcome = await runPipeline(pipeline([step('flaky', [], async () => { calls++; throw new TransientError('503 from the API'); })]),
      { warehouse: t.warehouse, loaded });
    expect(calls).toBe(2);
    expect(outcome.steps[0]).toMatchObject({ status: 'failed', attempts: 2 });
    expect(outcome.steps[0]!.error).toContain('gave up after 2 attempts');
  });

  it('on interruption lets the running step finish, records the rest as interrupted, and the run as interrupted', async () => {
    const abort = new AbortController();
    const outcome = await runPipeline(pipeline([
      step('long', [], async () => { abort.abort('SIGTERM'); return { rowsOut: 3 }; }),
      step('after', ['long'], async () => { throw new Error('must not run'); }),
    ]), { warehouse: t.warehouse, loaded: config(), signal: abort.signal });
    expect(outcome.status).toBe('interrupted');
    expect(outcome.steps.map((s) => [s.step, s.status])).toEqual([['long', 'success'], ['after', 'interrupted']]);
    const [run] = await rows('SELECT status, error, ended_at IS NOT NULL AS ended FROM pipeline_runs WHERE run_id = $1', [outcome.runId]);
    expect(run).toEqual({ status: 'interrupted', error: 'interrupted (SIGTERM)', ended: true });
  });

  it('records a step that stops on the signal as interrupted, with its transaction rolled back', async () => {
    const abort = new AbortController();
    const outcome = await runPipeline(pipeline([step('write', [], async ({ warehouse, signal }) => {
      await warehouse.run('CREATE TABLE IF NOT EXISTS facts (n INTEGER)');
      return warehouse.transaction(async () => {
        await warehouse.run('INSERT INTO facts VALUES (1), (2)');
        abort.abort('SIGINT');
        signal.throwIfAborted();
        return {};
      });
    })]), { warehouse: t.warehouse, loaded: config(), signal: abort.signal });
    expect(outcome.steps[0]!.status).toBe('interrupted');
    expect(await rows('SELECT count(*) AS n FROM facts')).toEqual([{ n: 0 }]);
  });

  it('resumes from a step: runs it and its downstream only, with the as-of it is given', async () => {
    const ran: string[] = [];
    const body = (name: string) => async (ctx: StepContext) => { ran.push(`${name}@${ctx.params.asOf}`); return {}; };
    const p = pipeline([step('a', [], body('a')), step('b', ['a'], body('b')), step('c', ['b'], body('c')), step('d', ['a'], body('d'))]);
    const outcome = await runPipeline(p, { warehouse: t.warehouse, loaded: config(), params: { fromStep: 'b', asOf: '2026-01-02' }, resumedFrom: 'test-x' });
    expect(ran).toEqual(['b@2026-01-02', 'c@2026-01-02']);
    expect(outcome.status).toBe('success');
    const [run] = await rows('SELECT as_of, resumed_from FROM pipeline_runs WHERE run_id = $1', [outcome.runId]);
    expect(run).toEqual({ as_of: '2026-01-02', resumed_from: 'test-x' });
    const notRun = await rows('SELECT step FROM pipeline_steps WHERE run_id = $1 AND error LIKE $2 ORDER BY step', [outcome.runId, 'not re-run%']);
    expect(notRun).toEqual([{ step: 'a' }, { step: 'd' }]);
    await expect(runPipeline(p, { warehouse: t.warehouse, loaded: config(), params: { fromStep: 'zz' } })).rejects.toThrow(/has no step "zz"/);
  });

  it('records parameters with secrets removed, the as-of a step resolved, and warnings', async () => {
    const loaded = config({ test: { schedule: '* * * * *' } }, {
      orders: { connector: 'file', channel: 'orders', path: 'https://shop.example/orders.csv?api_token=abc123' },
    });
    const outcome = await runPipeline(pipeline([step('check', [], async () => ({
      facts: { asOf: '2026-03-01' },
      warnings: [{ kind: 'stale-source', subject: 'orders', message: 'orders: newest data is 3d old (max 2d)' }],
    }))]), { warehouse: t.warehouse, loaded });
    const [run] = await rows<{ params: string; as_of: string }>('SELECT params, as_of FROM pipeline_runs WHERE run_id = $1', [outcome.runId]);
    expect(run!.as_of).toBe('2026-03-01');
    expect(run!.params).toContain('api_token=***');
    expect(run!.params).not.toContain('abc123');
    expect(await rows('SELECT step, kind, subject, message FROM pipeline_warnings WHERE run_id = $1', [outcome.runId])).toEqual([
      { step: 'check', kind: 'stale-source', subject: 'orders', message: 'orders: newest data is 3d old (max 2d)' },
    ]);
  });

  it('marks runs left running by a dead process as interrupted when the pipeline runs next', async () => {
    await t.warehouse.run(`INSERT INTO pipeline_runs (run_id, pipeline, trigger, params, status, started_at, pid) VALUES ('test-dead', 'test', 'schedule', '{}', 'running', now(), 999999)`);
    await t.warehouse.run(`INSERT INTO pipeline_steps (run_id, step, status, started_at, attempts) VALUES ('test-dead', 'a', 'running', now(), 1)`);
    await runPipeline(pipeline([step('a', [], async () => ({}))]), { warehouse: t.warehouse, loaded: config() });
    expect(await rows(`SELECT status FROM pipeline_runs WHERE run_id = 'test-dead'`)).toEqual([{ status: 'interrupted' }]);
    expect(await rows(`SELECT status FROM pipeline_steps WHERE run_id = 'test-dead'`)).toEqual([{ status: 'interrupted' }]);
  });
});
