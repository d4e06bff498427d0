// A per-pipeline lock across processes that a crashed process cannot keep: an OS file lock, taken by opening a tiny DuckDB file.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { holderPidOf, isLockConflict } from './warehouse-busy.js';

/**
 * Why DuckDB: opening a DuckDB file for writing takes an exclusive POSIX lock on it, which the kernel drops the
 * moment the holder exits, however it exits (even `kill -9` or a power loss). So there is no pid file to judge
 * stale, no heartbeat, no clock: a held lock means a live holder. DuckDB also names the holder's pid when it
 * refuses the lock. POSIX locks are per process, so holders in this process are tracked in `heldHere`.
 * Lock files are left in place on release: deleting one could let two processes lock two different files.
 */
const heldHere = new Set<string>();

/** A pipeline is already running: in this process, or in the process `holderPid`. */
export class RunLockHeldError extends Error {
  override readonly name = 'RunLockHeldError';
  constructor(
    readonly pipeline: string,
    readonly lockFile: string,
    readonly holderPid: number | undefined,
  ) {
    super(`pipeline ${pipeline} is already running in ${holderPid ? `process ${holderPid}` : 'another process'} (lock ${lockFile})`);
  }
}

/** A held run lock; `release` is idempotent. */
export interface RunLock {
  readonly pipeline: string;
  readonly file: string;
  release(): void;
}

/** Where the lock of `pipeline` lives: `<warehouse>.locks/<pipeline>.lock.duckdb`, next to the warehouse. */
export function runLockFile(warehouseFile: string, pipeline: string): string {
  return path.join(`${path.resolve(warehouseFile)}.locks`, `${pipeline}.lock.duckdb`);
}

/** True while this process holds the run lock of `pipeline` (opening its file again here would share, then drop, the lock). */
export function runLockHeldHere(warehouseFile: string, pipeline: string): boolean {
  return heldHere.has(runLockFile(warehouseFile, pipeline));
}

/**
 * Takes the run lock of `pipeline` for the warehouse `warehouseFile`, without waiting.
 * An in-memory warehouse has no other process to exclude, so only this process's holders count.
 * @throws RunLockHeldError when another run of the pipeline holds it (naming the holder's pid when known).
 * @example const lock = await acquireRunLock(loaded.warehouse, 'daily'); try { ... } finally { lock.release(); }
 */
export async function acquireRunLock(warehouseFile: string, pipeline: string): Promise<RunLock> {
  const memory = warehouseFile === ':memory:';
  const file = memory ? `:memory:#${pipeline}` : runLockFile(warehouseFile, pipeline);
  if (heldHere.has(file)) throw new RunLockHeldError(pipeline, file, process.pid);
  heldHere.add(file);
  let instance: DuckDBInstance | undefined;
  try {
    if (!memory) {
      await mkdir(path.dirname(file), { recursive: true });
      instance = await DuckDBInstance.create(file);
    }
  } catch (error) {
    heldHere.delete(file);
    if (isLockConflict(error)) throw new RunLockHeldError(pipeline, file, holderPidOf(error));
    throw new Error(`cannot take the run lock of pipeline ${pipeline} (${file}): ${(error as Error).message}`, { cause: error });
  }
  let released = false;
  return Object.freeze({
    pipeline,
    file,
    release() {
      if (released) return;
      released = true;
      instance?.closeSync();
      heldHere.delete(file);
    },
  });
}
