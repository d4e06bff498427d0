// The real `rapport schedule` process on a one-second schedule: overlaps, retries, failures, SIGTERM, and readers meanwhile.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openWarehouse, type Warehouse } from '../../warehouse/warehouse.js';
import { testProject, type TestProject } from '../helpers/scheduler-config.js';
import { spawnRapport, type Child } from '../helpers/spawn-process.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function start(
  pipelines: Record<string, Record<string, unknown>>,
  seed?: (wh: Warehouse) => Promise<void>,
): Promise<{ project: TestProject; scheduler: Child }> {
  const project = await testProject(pipelines);
  cleanup.push(() => project.dispose());
  if (seed) {
    const wh = await openWarehouse(project.warehouse);
    await seed(wh).finally(() => wh.close());
  }
  const scheduler = spawnRapport(['schedule', '--config', project.config]);
  cleanup.push(() => void scheduler.process.kill('SIGKILL'));
  // Start-up (loading TypeScript through tsx) alone can take half a minute on a loaded 2-core machine.
  await scheduler.waitFor(/started \(pid \d+\)/, 45_000);
  return { project, scheduler };
}

/** Sends SIGTERM, expects a clean exit 0 within a bound, then opens the warehouse read-only. */
async function stopAndOpen(project: TestProject, scheduler: Child): Promise<Warehouse> {
  scheduler.process.kill('SIGTERM');
  expect(await scheduler.exited(20_000)).toBe(0);
  const wh = await openWarehouse(project.warehouse, { readOnly: true, waitMs: 0 });
  cleanup.push(() => wh.close());
  return wh;
}

describe('rapport schedule (a real process, every second)', () => {
  it('skips and records a trigger that comes while the previous run is still going, so runs never overlap', async () => {
    const { project, scheduler } = await start({ slow: {} });
    const skipped = await scheduler.waitFor(/\[slow\] WARN: schedule trigger skipped: the previous run slow-\S+ is still going/);
    await scheduler.waitFor(/\[slow\] run slow-\S+ success/);
    const wh = await stopAndOpen(project, scheduler);
    const runs = await wh.all<{ run_id: string; status: string; started_at: Date; ended_at: Date; error: string | null }>(
      `SELECT run_id, status, started_at, ended_at, error FROM pipeline_runs WHERE pipeline = 'slow' ORDER BY started_at`);
    const ran = runs.filter((r) => r.status === 'success');
    expect(ran.length).toBeGreaterThanOrEqual(1);
    expect(runs.some((r) => r.status === 'skipped' && skipped.includes(r.error!))).toBe(true);
    for (let i = 1; i < ran.length; i++) expect(ran[i]!.started_at.getTime()).toBeGreaterThanOrEqual(ran[i - 1]!.ended_at.getTime());
    const marks = await wh.all<{ n: number }>('SELECT count(*) AS n FROM slow_marks');
    expect(marks[0]!.n).toBe(ran.length);
  });

  it('retries a transient failure and records the run as a success after two attempts', async () => {
    const { project, scheduler } = await start({ flaky: {} });
    await scheduler.waitFor(/\[flaky\] fetch: attempt 1 failed with a transient error, retrying in 0\.2 s/);
    const line = await scheduler.waitFor(/\[flaky\] run flaky-\S+ success/);
    const runId = /run (flaky-\S+)/.exec(line)![1]!;
    const wh = await stopAndOpen(project, scheduler);
    expect(await wh.all('SELECT status, trigger FROM pipeline_runs WHERE run_id = $1', [runId])).toEqual([{ status: 'success', trigger: 'schedule' }]);
    expect(await wh.all('SELECT step, status, attempts FROM pipeline_steps WHERE run_id = $1 ORDER BY step', [runId])).toEqual([
      { step: 'after', status: 'success', attempts: 1 },
      { step: 'fetch', status: 'success', attempts: 2 },
    ]);
    expect(await wh.all(`SELECT attempt, status, transient FROM pipeline_step_attempts WHERE run_id = $1 AND step = 'fetch' ORDER BY attempt`, [runId])).toEqual([
      { attempt: 1, status: 'failed', transient: true },
      { attempt: 2, status: 'success', transient: null },
    ]);
  });

  it('records a permanent failure once and marks its dependents skipped, leaving other steps to run', async () => {
    const { project, scheduler } = await start({ broken: {} });
    const line = await scheduler.waitFor(/\[broken\] run broken-\S+ failed/);
    const runId = /run (broken-\S+)/.exec(line)![1]!;
    const wh = await stopAndOpen(project, scheduler);
    expect(await wh.all('SELECT status, error FROM pipeline_runs WHERE run_id = $1', [runId])).toEqual([{ status: 'failed', error: 'failed steps: extract' }]);
    expect(await wh.all('SELECT step, status, attempts, error FROM pipeline_steps WHERE run_id = $1 ORDER BY step', [runId])).toEqual([
      { step: 'extract', status: 'failed', attempts: 1, error: 'orders.csv: column "amount" is missing (test)' },
      { step: 'report', status: 'skipped', attempts: 0, error: 'skipped because transform did not succeed' },
      { step: 'transform', status: 'skipped', attempts: 0, error: 'skipped because extract did not succeed' },
      { step: 'unrelated', status: 'success', attempts: 1, error: null },
    ]);
  });

  it('on SIGTERM mid-run rolls the running step back, records the run as interrupted and exits', async () => {
    const { project, scheduler } = await start({ writer: {} });
    const line = await scheduler.waitFor(/test-writer: writing/);
    const runId = /writing (\S+)/.exec(line)![1]!;
    const wh = await stopAndOpen(project, scheduler);
    expect(await wh.all('SELECT status, error FROM pipeline_runs WHERE run_id = $1', [runId])).toEqual([{ status: 'interrupted', error: 'interrupted (SIGTERM)' }]);
    const steps = await wh.all<{ step: string; status: string }>('SELECT step, status FROM pipeline_steps WHERE run_id = $1 ORDER BY step', [runId]);
    expect(steps).toEqual([{ step: 'publish', status: 'interrupted' }, { step: 'write', status: 'interrupted' }]);
    // No half-written table: the interrupted transaction left no rows, and `publish` never created its table.
    expect(await wh.all('SELECT count(*) AS n FROM facts WHERE run_id = $1', [runId])).toEqual([{ n: 0 }]);
    expect(await wh.all(`SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'published'`)).toEqual([{ n: 0 }]);
    expect(scheduler.lines.some((l) => /SIGTERM: no new runs/.test(l))).toBe(true);
  });

  it('lets a second process read the run history while a run holds the warehouse: it waits, then answers', { timeout: 150_000 }, async () => {
    const { project, scheduler } = await start({ hold: {} });
    const line = await scheduler.waitFor(/\[hold\] run hold-\S+ started/);
    const runId = /run (hold-\S+)/.exec(line)![1]!;
    await scheduler.waitFor(/\[hold\] hold: started/);
    // --limit: each trigger skipped while the run holds is a row too, and on a slow machine they outnumber the default 20.
    const reader = spawnRapport(['runs', '--json', '--limit', '500', '--config', project.config]);
    cleanup.push(() => void reader.process.kill('SIGKILL'));
    const waiting = await reader.waitFor(/is in use by process \d+; waiting/, 45_000); // after the reader's own start-up
    expect(waiting).toContain(`process ${scheduler.pid}`);
    await writeFile(path.join(project.dir, 'release-hold'), ''); // let the run finish only once the reader is waiting
    expect(await reader.exited(30_000)).toBe(0);
    const runs = JSON.parse(reader.stdout()) as { run_id: string; status: string }[];
    expect(runs).toContainEqual(expect.objectContaining({ run_id: runId, status: 'success' }));
    await stopAndOpen(project, scheduler);
  });

  it('catches up a run missed while it was down once at start-up (catchUp: once), and only logs it with skip', async () => {
    const lastRun = (pipeline: string) => (wh: Warehouse) =>
      wh.run(`INSERT INTO pipeline_runs (run_id, pipeline, trigger, params, status, started_at, ended_at)
              VALUES ($1, $2, 'schedule', '{}', 'success', now() - INTERVAL 3 HOUR, now() - INTERVAL 3 HOUR)`, [`${pipeline}-old`, pipeline]);
    const hourly = { schedule: '0 * * * *' }; // its last slot is within the hour, after the run three hours ago
    const { project, scheduler } = await start({ flaky: { ...hourly, catchUp: 'once' }, broken: { ...hourly, catchUp: 'skip' } },
      async (wh) => { await lastRun('flaky')(wh); await lastRun('broken')(wh); });
    await scheduler.waitFor(/\[flaky\] missed the run due at \S+:00:00\.000Z while no scheduler was running: catching up once now/);
    await scheduler.waitFor(/\[broken\] missed the run due at \S+ while no scheduler was running; not caught up \(catchUp: skip\)/);
    await scheduler.waitFor(/\[flaky\] run flaky-\S+ success/);
    const wh = await stopAndOpen(project, scheduler);
    expect(await wh.all(`SELECT pipeline, trigger, status FROM pipeline_runs WHERE run_id NOT LIKE '%-old' ORDER BY pipeline`)).toEqual([
      { pipeline: 'flaky', trigger: 'catch-up', status: 'success' },
    ]);
  });
});
