// `rapport run` (resume, --json), `rapport runs` (list, show) and `rapport backfill`, through the CLI entry in-process.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { openWarehouse } from '../../warehouse/warehouse.js';
import { testProject, type TestProject } from '../helpers/scheduler-config.js';

let project: TestProject;
beforeEach(async () => { project = await testProject({ flaky: {}, broken: {} }); });
afterEach(async () => { await project.dispose(); });

async function rapport(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...argv, '--config', project.config], { out: (l) => out.push(l), err: (l) => err.push(l), env: {}, cwd: project.dir });
  return { code, out, err };
}

async function query<T = Record<string, unknown>>(sql: string, params: string[] = []): Promise<T[]> {
  const wh = await openWarehouse(project.warehouse, { readOnly: true, waitMs: 0 });
  try {
    return await wh.all<T>(sql, params);
  } finally {
    wh.close();
  }
}

describe('rapport run / runs', () => {
  it('lists runs, filters failed ones, and shows a run with its steps, attempts and errors', async () => {
    expect((await rapport('run', 'flaky', '--as-of', '2026-01-05')).code).toBe(0);
    const broken = await rapport('run', 'broken');
    expect(broken.code).toBe(1);
    const runId = /^run (broken-\S+): failed$/.exec(broken.out[0]!)![1]!;
    expect(broken.out).toContain(`  details: rapport runs show ${runId}`);

    const all = await rapport('runs');
    expect(all.out[0]).toMatch(/^run\s+pipeline\s+trigger\s+status\s+started \(UTC\)\s+took\s+as of\s+error$/);
    expect(all.out).toHaveLength(3);
    expect(all.out[1]).toMatch(new RegExp(`^${runId}\\s+broken\\s+manual\\s+failed\\s.*failed steps: extract$`));
    expect(all.out[2]).toMatch(/^flaky-\S+\s+flaky\s+manual\s+success\s.*2026-01-05$/);
    const failed = await rapport('runs', '--failed', '--json');
    expect((JSON.parse(failed.out.join('\n')) as { run_id: string }[]).map((r) => r.run_id)).toEqual([runId]);
    expect(JSON.parse((await rapport('runs', '--pipeline', 'flaky', '--json', '--limit', '1')).out.join('\n'))).toHaveLength(1);

    const show = await rapport('runs', 'show', runId.slice(0, -2)); // a unique prefix is enough
    expect(show.code).toBe(0);
    const text = show.out.join('\n');
    expect(text).toContain(`run ${runId}: failed`);
    expect(text).toMatch(/^extract\s+failed\s+1\s+\S+ s\s+-\s+-\s+-\s+orders\.csv: column "amount" is missing \(test\)$/m);
    expect(text).toMatch(/^transform\s+skipped\s+0\s+-\s+-\s+-\s+-\s+skipped because extract did not succeed$/m);
    expect(text).toContain('extract #1 failed at');
    const flakyShow = (await rapport('runs', 'show', all.out[2]!.split(/\s+/)[0]!)).out.join('\n');
    expect(flakyShow).toMatch(/^fetch\s+success\s+2\s/m);
    expect(flakyShow).toContain('fetch #1 failed (transient, retried if attempts were left)');
    expect((await rapport('runs', 'show', 'nope')).err.join('\n')).toContain('no run "nope" in the warehouse');
  });

  it('resumes from a step with the last run\'s as-of, re-running only it and its downstream', async () => {
    expect((await rapport('run', 'flaky', '--as-of', '2026-02-01')).code).toBe(0);
    const resumed = await rapport('run', 'flaky', '--from-step', 'after');
    expect(resumed.code).toBe(0);
    const runId = /^run (\S+): success$/.exec(resumed.out[0]!)![1]!;
    const [run] = await query<{ as_of: string; resumed_from: string }>('SELECT as_of, resumed_from FROM pipeline_runs WHERE run_id = $1', [runId]);
    expect(run!.as_of).toBe('2026-02-01');
    expect(run!.resumed_from).toMatch(/^flaky-/);
    expect(await query('SELECT step, status, attempts FROM pipeline_steps WHERE run_id = $1 ORDER BY step', [runId])).toEqual([
      { step: 'after', status: 'success', attempts: 1 },
      { step: 'fetch', status: 'skipped', attempts: 0 },
    ]);
    expect((await rapport('run', 'flaky', '--from-step', 'nope')).err.join('\n')).toContain('pipeline flaky has no step "nope": expected one of fetch, after');
    expect((await rapport('run', 'flaky', '--as-of', '2026-02-30')).code).toBe(2);
  });

  it('prints one JSON event per line with --json', async () => {
    const { code, out } = await rapport('run', 'flaky', '--json');
    expect(code).toBe(0);
    const events = out.map((l) => JSON.parse(l) as { type: string; step?: string; time: string });
    expect(events.map((e) => `${e.type}${e.step ? `:${e.step}` : ''}`)).toEqual([
      'run-start', 'step-start:fetch', 'step-retry:fetch', 'step-start:fetch', 'step-end:fetch', 'step-start:after', 'step-end:after', 'run-end',
    ]);
    expect(events.every((e) => !Number.isNaN(Date.parse(e.time)))).toBe(true);
  });
});

describe('rapport backfill', () => {
  it('runs each day in order as the as-of, and skips days already done on the next backfill', async () => {
    const first = await rapport('backfill', 'flaky', '--from', '2026-01-01', '--to', '2026-01-03', '--quiet');
    expect(first.code).toBe(0);
    expect(first.out.map((l) => l.replace(/run [^\s)]+/, 'run X'))).toEqual([
      '2026-01-01: success (run X)', '2026-01-02: success (run X)', '2026-01-03: success (run X)',
    ]);
    const second = await rapport('backfill', 'flaky', '--from', '2026-01-02', '--to', '2026-01-04', '--quiet');
    expect(second.out.map((l) => l.replace(/run [^\s)]+/, 'run X'))).toEqual([
      '2026-01-02: already done by run X', '2026-01-03: already done by run X', '2026-01-04: success (run X)',
    ]);
    const runs = await query<{ as_of: string; trigger: string }>(`SELECT as_of, trigger FROM pipeline_runs ORDER BY started_at`);
    expect(runs).toEqual(['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04'].map((as_of) => ({ as_of, trigger: 'backfill' })));
  });

  it('stops at the first failing day and exits 1', async () => {
    const { code, out } = await rapport('backfill', 'broken', '--from', '2026-01-01', '--to', '2026-01-03', '--quiet');
    expect(code).toBe(1);
    expect(out.map((l) => l.replace(/run [^\s)]+/, 'run X'))).toEqual(['2026-01-01: failed (run X)', '2026-01-02: not run', '2026-01-03: not run']);
    expect((await rapport('backfill', 'broken', '--from', '2026-01-03', '--to', '2026-01-01')).code).toBe(2);
  });
});
