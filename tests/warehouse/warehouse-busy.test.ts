// Opening a warehouse another process holds: wait, then a clear WarehouseBusyError; run locks that die with their holder.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireRunLock, RunLockHeldError } from '../../warehouse/run-lock.js';
import { openWarehouse, WarehouseBusyError } from '../../warehouse/warehouse.js';
import { spawnScript, type Child } from '../helpers/spawn-process.js';

let dir: string;
let file: string;
const children: Child[] = [];
const hold = (...args: string[]) => {
  const child = spawnScript('tests/helpers/hold-warehouse.ts', [file, ...args]);
  children.push(child);
  return child;
};

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rapport-busy-'));
  file = path.join(dir, 'warehouse.duckdb');
  (await openWarehouse(file)).close(); // create and migrate it
});
afterEach(async () => {
  for (const c of children.splice(0)) c.process.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

describe('openWarehouse while another process holds the file', () => {
  it('fails with WarehouseBusyError naming the file and the holder pid once the wait is over', async () => {
    const holder = hold('warehouse');
    await holder.waitFor(/^ready/);
    const started = Date.now();
    const error = await openWarehouse(file, { waitMs: 600, onWait: () => {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WarehouseBusyError);
    expect((error as WarehouseBusyError).holderPid).toBe(holder.pid);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toContain(`process ${holder.pid}`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
  });

  it('waits, says so once, and opens read-only as soon as the writer lets go', async () => {
    const holder = hold('warehouse', '2500');
    await holder.waitFor(/^ready/);
    const said: string[] = [];
    const wh = await openWarehouse(file, { readOnly: true, waitMs: 20_000, onWait: (m) => said.push(m) });
    try {
      expect(said).toHaveLength(1);
      expect(said[0]).toContain(`process ${holder.pid}`);
      const [row] = await wh.all<{ n: number }>('SELECT count(*) AS n FROM pipeline_runs');
      expect(row?.n).toBe(0);
      await expect(wh.run('CREATE TABLE t (a INTEGER)')).rejects.toThrow(/read-only/i);
    } finally {
      wh.close();
    }
  });

  it('lets read-only opens share the file', async () => {
    const reader = hold('readonly');
    await reader.waitFor(/^ready/);
    const wh = await openWarehouse(file, { readOnly: true, waitMs: 0 });
    wh.close();
    await expect(openWarehouse(file, { waitMs: 0, onWait: () => {} })).rejects.toBeInstanceOf(WarehouseBusyError);
  });

  it('refuses a read-only open of a missing file with a message saying what to do', async () => {
    await expect(openWarehouse(path.join(dir, 'none.duckdb'), { readOnly: true })).rejects.toThrow(/does not exist yet: run a pipeline first/);
  });
});

describe('acquireRunLock', () => {
  it('refuses a second holder in this process and accepts again after release', async () => {
    const lock = await acquireRunLock(file, 'daily');
    await expect(acquireRunLock(file, 'daily')).rejects.toBeInstanceOf(RunLockHeldError);
    const other = await acquireRunLock(file, 'hourly'); // locks are per pipeline
    other.release();
    lock.release();
    (await acquireRunLock(file, 'daily')).release();
  });

  it('names the holding process, and is free again the moment that process is killed', async () => {
    const holder = hold('lock:daily');
    await holder.waitFor(/^ready/);
    const error = await acquireRunLock(file, 'daily').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunLockHeldError);
    expect((error as RunLockHeldError).holderPid).toBe(holder.pid);
    holder.process.kill('SIGKILL'); // no cleanup code runs: the kernel drops the lock
    await holder.exited();
    (await acquireRunLock(file, 'daily')).release();
  });
});
