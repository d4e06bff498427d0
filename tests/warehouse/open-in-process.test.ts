// Two opens of one warehouse file in one process: the second waits, so closing one never drops the other's OS lock.
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openWarehouse, WarehouseBusyError, type Warehouse } from '../../warehouse/warehouse.js';
import { spawnScript, type Child } from '../helpers/spawn-process.js';

let dir: string;
let file: string;
const open: Warehouse[] = [];
const children: Child[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rapport-inproc-'));
  file = path.join(dir, 'warehouse.duckdb');
  (await openWarehouse(file)).close(); // create and migrate it
});
afterEach(async () => {
  for (const c of children.splice(0)) c.process.kill('SIGKILL');
  for (const wh of open.splice(0)) wh.close();
  await rm(dir, { recursive: true, force: true });
});

/** A read-only open from another process, without waiting: "ready" when it got in, an error when refused. */
async function otherProcessReads(): Promise<{ code: number | string; output: string }> {
  const child = spawnScript('tests/helpers/hold-warehouse.ts', [file, 'readonly', '0']);
  children.push(child);
  const code = await child.exited(30_000);
  return { code, output: child.lines.join('\n') };
}

describe('openWarehouse twice in one process', () => {
  // POSIX record locks belong to the process: a second DuckDB open here is granted the lock the first holds, and
  // closing either one releases it for both. This is how a scheduler's start-up read let readers into a running run.
  it('keeps other processes out while a run holds the file, even after a second open here was tried and closed', async () => {
    const run = await openWarehouse(file);
    open.push(run);
    await run.run(`INSERT INTO pipeline_runs (run_id, pipeline, trigger, params, status, started_at) VALUES ('r1', 'daily', 'manual', '{}', 'running', now())`);
    const second = await openWarehouse(file, { waitMs: 0, onWait: () => {} }).catch((e: unknown) => e);
    if (!(second instanceof Error)) (second as Warehouse).close();
    const reader = await otherProcessReads();
    expect(reader.output).not.toMatch(/^ready/m);
    expect(reader.output).toContain(`in use by process ${process.pid}`);
    expect(reader.code).not.toBe(0);
    expect(second).toBeInstanceOf(WarehouseBusyError);
    expect((second as WarehouseBusyError).holderPid).toBe(process.pid);
    expect((second as Error).message).toContain(`process ${process.pid}`);
  });

  it('makes the second open wait, saying so once, and lets it in when the first closes', async () => {
    const first = await openWarehouse(file);
    await first.run(`INSERT INTO pipeline_runs (run_id, pipeline, trigger, params, status, started_at) VALUES ('r1', 'daily', 'manual', '{}', 'success', now())`);
    const said: string[] = [];
    let opened = false;
    const second = openWarehouse(file, { readOnly: true, waitMs: 20_000, onWait: (m) => said.push(m) }).then((wh) => {
      opened = true;
      open.push(wh);
      return wh;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(opened).toBe(false);
    expect(said).toEqual([expect.stringContaining(`in use by process ${process.pid}`)]);
    first.close();
    const wh = await second;
    expect(await wh.all('SELECT run_id FROM pipeline_runs')).toEqual([{ run_id: 'r1' }]);
    expect(said).toHaveLength(1);
  });

  it('knows the file under another spelling of its path, through a symlinked folder', async () => {
    await symlink(dir, path.join(dir, 'alias'));
    const first = await openWarehouse(file);
    open.push(first);
    const error = await openWarehouse(path.join(dir, 'alias', '.', 'warehouse.duckdb'), { waitMs: 0, onWait: () => {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WarehouseBusyError);
  });

  it('lets the file go when an open fails after getting it, so the next open here does not wait', async () => {
    const bare = path.join(dir, 'bare.duckdb');
    const instance = await DuckDBInstance.create(bare); // a DuckDB file Rapport never migrated
    instance.closeSync();
    await expect(openWarehouse(bare, { readOnly: true, waitMs: 0 })).rejects.toThrow(/schema version 0/);
    const wh = await openWarehouse(bare, { waitMs: 0 });
    open.push(wh);
    expect(await wh.all('SELECT count(*) AS n FROM pipeline_runs')).toEqual([{ n: 0 }]);
  });
});
