// A pipeline with `concurrency` above 1 runs independent steps at the same time, each on its own connection, and
// still waits for dependencies, skips what a failure blocks and records every step.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load-config.js';
import type { Pipeline, Step, StepContext } from '../../runner/pipeline.js';
import type { RunEvent } from '../../runner/run-events.js';
import { runPipeline } from '../../runner/run-pipeline.js';
import { PermanentError } from '../../runner/transient-error.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

const step = (name: string, dependsOn: string[], run: (ctx: StepContext) => Promise<object>): Step =>
  ({ name, dependsOn, run: run as Step['run'], retry: { attempts: 1 } });
const pipeline = (steps: Step[]): Pipeline => ({ name: 'test', schedule: '* * * * *', timezone: 'UTC', steps });
const loaded = (concurrency?: number) => parseConfig({
  warehouse: 'w.duckdb', sources: {},
  pipelines: { test: { schedule: '* * * * *', ...(concurrency ? { concurrency } : {}) } },
}, `${t.dir}/rapport.config.ts`, {});

/** A latch one step opens and another waits for: it only opens in time if both run at once. */
function latch(ms: number) {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => { open = resolve; });
  const waited = (name: string) => Promise.race([
    opened.then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms)),
  ]).then((ok) => { if (!ok) throw new Error(`${name}: the other step never ran beside this one`); });
  return { open, waited };
}

describe('concurrent steps', () => {
  it('runs independent steps at once, each in its own transaction and temp tables, then their dependent', async () => {
    const meet = latch(20_000);
    const order: string[] = [];
    const p = pipeline([
      step('a', [], async ({ warehouse }) => {
        // An open transaction and a temp table here must not be seen by b, which runs meanwhile on another connection.
        await warehouse.transaction(async () => {
          await warehouse.run('CREATE TEMP TABLE scratch AS SELECT 1 AS x; CREATE TABLE made_by_a AS SELECT 42 AS answer');
          await meet.waited('a');
        });
        order.push('a');
        return { rowsOut: 1 };
      }),
      step('b', [], async ({ warehouse }) => {
        const seen = await warehouse.all<{ n: number }>("SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name IN ('scratch', 'made_by_a')");
        meet.open();
        order.push('b');
        return { rowsOut: seen[0]!.n };
      }),
      step('c', ['a', 'b'], async ({ warehouse }) => {
        order.push('c');
        const [row] = await warehouse.all<{ answer: number }>('SELECT answer FROM made_by_a'); // a's committed table
        return { rowsOut: row!.answer };
      }),
    ]);
    const outcome = await runPipeline(p, { warehouse: t.warehouse, loaded: loaded(2) });
    expect(outcome.status).toBe('success');
    expect(order).toEqual(['b', 'a', 'c']);
    const steps = await t.warehouse.all<{ step: string; status: string; rows_out: number }>(
      'SELECT step, status, rows_out FROM pipeline_steps WHERE run_id = $1 ORDER BY step', [outcome.runId]);
    expect(steps).toEqual([
      { step: 'a', status: 'success', rows_out: 1 },
      { step: 'b', status: 'success', rows_out: 0 }, // neither a's temp table nor its uncommitted table
      { step: 'c', status: 'success', rows_out: 42 },
    ]);
    // The temp table died with a's connection; the run's own connection never saw it.
    expect(await t.warehouse.all("SELECT 1 FROM duckdb_tables() WHERE table_name = 'scratch'")).toEqual([]);
  });

  it('with concurrency 1 in the config, the same pipeline never runs two steps at once', async () => {
    const meet = latch(300);
    const outcome = await runPipeline(pipeline([
      step('a', [], async () => { await meet.waited('a'); return {}; }),
      step('b', [], async () => { meet.open(); return {}; }),
    ]), { warehouse: t.warehouse, loaded: loaded(1) });
    expect(outcome.steps.map((s) => [s.step, s.status])).toEqual([['a', 'failed'], ['b', 'success']]);
  });

  it('skips what a failed step blocks while independent steps run to the end, and records every step once', async () => {
    const events: RunEvent[] = [];
    const outcome = await runPipeline(pipeline([
      step('broken', [], async () => { throw new PermanentError('orders.csv: column "amount" is missing'); }),
      step('slow', [], async () => { await new Promise((r) => setTimeout(r, 200)); return { rowsOut: 3 }; }),
      step('after-broken', ['broken'], async () => ({})),
      step('after-slow', ['slow'], async () => ({ rowsOut: 4 })),
    ]), { warehouse: t.warehouse, loaded: loaded(), concurrency: 3, onEvent: (e) => events.push(e) });
    expect(outcome.status).toBe('failed');
    expect(outcome.steps.map((s) => [s.step, s.status])).toEqual([
      ['broken', 'failed'], ['slow', 'success'], ['after-broken', 'skipped'], ['after-slow', 'success'],
    ]);
    const recorded = await t.warehouse.all<{ step: string; n: number }>(
      'SELECT step, count(*)::INTEGER AS n FROM pipeline_steps WHERE run_id = $1 GROUP BY step ORDER BY step', [outcome.runId]);
    expect(recorded).toEqual(['after-broken', 'after-slow', 'broken', 'slow'].map((step) => ({ step, n: 1 })));
    // The skip is known as soon as `broken` fails, before `slow` has ended.
    const ends = events.filter((e) => e.type === 'step-end').map((e) => (e as { step: string }).step);
    expect(ends.indexOf('after-broken')).toBeLessThan(ends.indexOf('slow'));
    const [run] = await t.warehouse.all<{ status: string; error: string }>('SELECT status, error FROM pipeline_runs WHERE run_id = $1', [outcome.runId]);
    expect(run).toEqual({ status: 'failed', error: 'failed steps: broken' });
  });
});
