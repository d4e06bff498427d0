// A run whose process is killed with SIGKILL shows as interrupted (CLI, web) at its last event, not as running forever.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { listRuns, showRun } from '../../runner/run-history.js';
import { isRunLive, runLockHolder } from '../../runner/run-liveness.js';
import { acquireRunLock } from '../../warehouse/run-lock.js';
import { createApp } from '../../web/app.js';
import { RunLauncher } from '../../web/run-launcher.js';
import { warehouseGate } from '../../web/warehouse-gate.js';
import { openWarehouse } from '../../warehouse/warehouse.js';
import { testProject, type TestProject } from '../helpers/scheduler-config.js';
import { spawnRapport } from '../helpers/spawn-process.js';

let project: TestProject;
const cleanup: (() => void)[] = [];
beforeEach(async () => { project = await testProject({ hold: {} }); });
afterEach(async () => {
  for (const f of cleanup.splice(0)) f();
  await project.dispose();
});

async function read<T>(fn: (wh: Awaited<ReturnType<typeof openWarehouse>>) => Promise<T>): Promise<T> {
  const wh = await openWarehouse(project.warehouse, { readOnly: true, waitMs: 0 });
  try {
    return await fn(wh);
  } finally {
    wh.close();
  }
}

async function rapport(...argv: string[]): Promise<string[]> {
  const out: string[] = [];
  const code = await main([...argv, '--config', project.config], { out: (l) => out.push(l), err: () => {}, env: {}, cwd: project.dir });
  expect(code).toBe(0);
  return out;
}

describe('a run whose process was killed (SIGKILL)', () => {
  it('shows as interrupted, ended at its last recorded event, in rapport runs, runs show and the web runs pages', { timeout: 150_000 }, async () => {
    const child = spawnRapport(['run', 'hold', '--verbose', '--config', project.config]);
    cleanup.push(() => void child.process.kill('SIGKILL'));
    await child.waitFor(/hold: started/, 60_000);
    const killedAt = Date.now();
    child.process.kill('SIGKILL');
    await child.exited();
    await sleep(1500); // discovery comes well after the last event

    const { raw, stepStart } = await read(async (wh) => ({
      raw: (await wh.all<{ run_id: string; status: string; pid: number }>(`SELECT run_id, status, pid FROM pipeline_runs`))[0]!,
      stepStart: (await wh.all<{ t: Date }>(`SELECT started_at AS t FROM pipeline_steps WHERE step = 'hold'`))[0]!.t,
    }));
    expect(raw).toMatchObject({ status: 'running', pid: child.pid }); // what the killed process left behind
    // Its last event was the start of step "hold" (nothing else was recorded after it), before the kill.
    expect(stepStart.getTime()).toBeLessThanOrEqual(killedAt);

    const listed = JSON.parse((await rapport('runs', '--json')).join('\n')) as { run_id: string; status: string; ended_at: string; error: string }[];
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ run_id: raw.run_id, status: 'interrupted', ended_at: stepStart.toISOString() });
    expect(listed[0]!.error).toBe(`the process running it (pid ${child.pid}) ended without finishing the run (crash or kill); its last recorded event was at ${stepStart.toISOString()}`);
    expect(JSON.parse((await rapport('runs', '--failed', '--json')).join('\n'))).toHaveLength(1);
    const shown = await rapport('runs', 'show', raw.run_id);
    expect(shown[0]).toBe(`run ${raw.run_id}: interrupted`);
    expect(shown.find((l) => l.startsWith('hold '))).toMatch(/^hold\s+interrupted\s/);

    const app = createApp({
      gate: warehouseGate({ file: project.warehouse }), reportsDir: path.join(project.dir, 'reports'), customSegments: {},
      pipelines: ['hold'], launcher: new RunLauncher(project.config),
    });
    const runsPage = await (await app.request('http://127.0.0.1/runs', { headers: { host: '127.0.0.1' } })).text();
    expect(runsPage).toContain(`<a href="/runs/${raw.run_id}">${raw.run_id}</a></td><td>hold</td><td>manual</td><td class="bad">interrupted</td>`);
    const runPage = await (await app.request(`http://127.0.0.1/runs/${raw.run_id}`, { headers: { host: '127.0.0.1' } })).text();
    expect(runPage).toContain('<span class="bad">interrupted</span>');
    expect(runPage).toContain('<td>hold</td><td class="bad">interrupted</td>');

    // The next run of the pipeline marks it for good, with the same end time (not the time it noticed).
    const next = spawnRapport(['run', 'hold', '--verbose', '--config', project.config]);
    cleanup.push(() => void next.process.kill('SIGKILL'));
    await next.waitFor(/hold: started/, 60_000);
    expect(await isRunLive(project.warehouse, 'hold', next.pid)).toBe(true); // the live holder of the run lock
    expect(await isRunLive(project.warehouse, 'hold', child.pid)).toBe(false); // gone
    expect(await isRunLive(project.warehouse, 'hold', process.ppid)).toBe(false); // alive, but not the lock holder (a reused pid)
    await writeFile(path.join(project.dir, 'release-hold'), '');
    expect(await next.exited(60_000)).toBe(0);
    const marked = await read((wh) => wh.all<{ status: string; ended_at: Date }>(`SELECT status, ended_at FROM pipeline_runs WHERE run_id = $1`, [raw.run_id]));
    expect(marked).toEqual([{ status: 'interrupted', ended_at: stepStart }]);
    expect(await read((wh) => listRuns(wh, { pipeline: 'hold' }))).toHaveLength(2);
    expect((await read((wh) => showRun(wh, raw.run_id))).steps.map((s) => s.status)).toEqual(['interrupted']);
    // A lock held in this very process is never opened a second time to probe it (that would drop it for the process).
    const lock = await acquireRunLock(project.warehouse, 'hold');
    try {
      expect(await runLockHolder(project.warehouse, 'hold')).toEqual({ held: true, pid: process.pid });
      expect(await isRunLive(project.warehouse, 'hold', process.ppid)).toBe(false);
    } finally {
      lock.release();
    }
    expect(await runLockHolder(project.warehouse, 'hold')).toEqual({ held: false });
  });
});
