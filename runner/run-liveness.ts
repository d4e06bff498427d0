// Tells whether a run recorded as `running` still has a live process behind it: its recorded pid and its pipeline's run lock.
import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync } from 'node:fs';
import { runLockFile, runLockHeldHere } from '../warehouse/run-lock.js';
import { holderPidOf, isLockConflict } from '../warehouse/warehouse-busy.js';

/** A live process holds the pid (EPERM: it exists but belongs to another user). */
function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Who holds the run lock of `pipeline` (see warehouse/run-lock.ts): `{ held: false }` when nobody does. Probes
 * with a read-only open, which a writer's exclusive lock refuses (DuckDB names the holder's pid); when nobody
 * holds it, the probe's shared lock lasts only the open and close of an empty file.
 */
export async function runLockHolder(warehouseFile: string, pipeline: string): Promise<{ held: boolean; pid?: number }> {
  if (runLockHeldHere(warehouseFile, pipeline)) return { held: true, pid: process.pid }; // never probed: a second open here would drop it
  const file = runLockFile(warehouseFile, pipeline);
  if (!existsSync(file)) return { held: false };
  try {
    const probe = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
    probe.closeSync();
    return { held: false };
  } catch (error) {
    if (!isLockConflict(error)) return { held: false }; // unreadable lock file: nobody can be holding it through DuckDB
    const pid = holderPidOf(error);
    return pid === undefined ? { held: true } : { held: true, pid };
  }
}

/**
 * True while the process that wrote the `running` row of a run of `pipeline` is still at it. A crash or `kill -9`
 * ends the process (so its pid is gone) and the kernel drops its run lock, so a row whose pid is dead, or whose
 * pipeline's lock is free or held by another process (the pid was reused), belongs to a run that will never finish.
 * Runs of this very process are live: they record their end in a `finally`.
 */
export async function isRunLive(warehouseFile: string, pipeline: string, pid: number | null): Promise<boolean> {
  if (pid === process.pid) return true;
  if (pid !== null && !pidAlive(pid)) return false;
  if (warehouseFile === ':memory:') return pid !== null; // no lock file to ask; an in-memory warehouse dies with its process
  const holder = await runLockHolder(warehouseFile, pipeline);
  return holder.held && (pid === null || holder.pid === undefined || holder.pid === pid);
}
