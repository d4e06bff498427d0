// Runs a pipeline the way every entry point does: take its run lock, open the warehouse (waiting if busy), run, let go.
import type { LoadedConfig } from '../config/load-config.js';
import { acquireRunLock } from '../warehouse/run-lock.js';
import { openWarehouse, type Warehouse } from '../warehouse/warehouse.js';
import type { Pipeline, RunParams } from './pipeline.js';
import { lastRun } from './run-history.js';
import { runPipeline, type RunOptions, type RunOutcome } from './run-pipeline.js';

export interface ExecuteRunOptions extends Omit<RunOptions, 'warehouse' | 'resumedFrom'> {
  readonly loaded: LoadedConfig;
  /** How long to wait for a warehouse another process holds (see `openWarehouse`). */
  readonly waitMs?: number;
  readonly onWait?: (message: string) => void;
  /** Runs with the warehouse open, before the run (the scheduler records skipped triggers here). */
  readonly beforeRun?: (warehouse: Warehouse) => Promise<void>;
}

/**
 * Holds the pipeline's run lock for the whole run (so it never runs twice at once, across processes) and the
 * warehouse only while running (so other commands can read between runs). With `params.fromStep` and no
 * `asOf`, resumes the pipeline's last run: same as-of, recorded as `resumed_from`.
 * @throws RunLockHeldError when the pipeline is running elsewhere; WarehouseBusyError when the warehouse stays busy;
 *   Error when there is no run to resume.
 */
export async function executeRun(pipeline: Pipeline, options: ExecuteRunOptions): Promise<RunOutcome> {
  const { loaded } = options;
  const lock = await acquireRunLock(loaded.warehouse, pipeline.name);
  try {
    const warehouse = await openWarehouse(loaded.warehouse, {
      ...(options.waitMs !== undefined ? { waitMs: options.waitMs } : {}),
      ...(options.onWait ? { onWait: options.onWait } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    try {
      await options.beforeRun?.(warehouse);
      let params: RunParams = options.params ?? {};
      let resumedFrom: string | undefined;
      if (params.fromStep) {
        const last = await lastRun(warehouse, pipeline.name);
        if (!last) throw new Error(`pipeline ${pipeline.name} has no run to resume yet: run it without --from-step first`);
        resumedFrom = last.run_id;
        const asOf = params.asOf ?? last.as_of ?? (JSON.parse(last.params) as RunParams).asOf;
        params = { ...params, ...(asOf ? { asOf } : {}) };
      }
      return await runPipeline(pipeline, { ...options, params, warehouse, ...(resumedFrom ? { resumedFrom } : {}) });
    } finally {
      warehouse.close();
    }
  } finally {
    lock.release();
  }
}
