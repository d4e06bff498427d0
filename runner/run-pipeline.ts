// Runs a pipeline's steps in dependency order and records the run and every step in `pipeline_runs` / `pipeline_steps`.
import { randomBytes } from 'node:crypto';
import type { LoadedConfig } from '../config/load-config.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { orderSteps, type Pipeline, type RunParams, type StepResult } from './pipeline.js';

export type StepStatus = 'success' | 'failed' | 'skipped';

export interface StepOutcome {
  readonly step: string;
  readonly status: StepStatus;
  readonly result?: StepResult;
  readonly error?: string;
  readonly ms: number;
}

export interface RunOutcome {
  readonly runId: string;
  readonly pipeline: string;
  readonly status: 'success' | 'failed';
  readonly steps: readonly StepOutcome[];
}

export interface RunOptions {
  readonly warehouse: Warehouse;
  readonly loaded: LoadedConfig;
  readonly params?: RunParams;
  readonly trigger?: 'manual' | 'schedule' | 'backfill';
  readonly log?: (message: string) => void;
}

/**
 * Runs every step whose dependencies succeeded; a failed step marks everything downstream as skipped. The run
 * row is written before the first step and finished in a `finally`, so even a crash mid-run leaves a record.
 * Never throws for a failing step: the outcome says what failed and why.
 * @example const outcome = await runPipeline(dailyPipeline(loaded), { warehouse, loaded });
 */
export async function runPipeline(pipeline: Pipeline, options: RunOptions): Promise<RunOutcome> {
  const { warehouse: wh, loaded } = options;
  const log = options.log ?? (() => {});
  const params = options.params ?? {};
  const ordered = orderSteps(pipeline);
  const runId = newRunId(pipeline.name);
  await wh.run(`INSERT INTO pipeline_runs VALUES ($1, $2, $3, $4, 'running', now(), NULL, NULL)`, [
    runId, pipeline.name, options.trigger ?? 'manual', JSON.stringify(params),
  ]);
  const outcomes = new Map<string, StepOutcome>();
  let runError: string | null = null;
  try {
    for (const step of ordered) {
      const blocked = step.dependsOn.filter((d) => outcomes.get(d)?.status !== 'success');
      if (blocked.length > 0) {
        const error = `skipped because ${blocked.join(', ')} did not succeed`;
        outcomes.set(step.name, { step: step.name, status: 'skipped', error, ms: 0 });
        await wh.run(`INSERT INTO pipeline_steps (run_id, step, status, error) VALUES ($1, $2, 'skipped', $3)`, [runId, step.name, error]);
        continue;
      }
      await wh.run(`INSERT INTO pipeline_steps (run_id, step, status, started_at, attempts) VALUES ($1, $2, 'running', now(), 1)`, [runId, step.name]);
      const started = performance.now();
      log(`${step.name}: started`);
      try {
        const upstream = Object.fromEntries(step.dependsOn.map((d) => [d, outcomes.get(d)?.result ?? {}]));
        const result = await step.run({ warehouse: wh, loaded, runId, params, log, upstream });
        const ms = performance.now() - started;
        outcomes.set(step.name, { step: step.name, status: 'success', result, ms });
        await wh.run(
          `UPDATE pipeline_steps SET status = 'success', ended_at = now(), rows_in = $3, rows_out = $4,
             rows_quarantined = $5, rows_duplicate = $6 WHERE run_id = $1 AND step = $2`,
          [runId, step.name, result.rowsIn ?? null, result.rowsOut ?? null, result.rowsQuarantined ?? null, result.rowsDuplicate ?? null],
        );
        log(`${step.name}: done in ${(ms / 1000).toFixed(1)} s`);
      } catch (error) {
        const message = (error as Error).message;
        outcomes.set(step.name, { step: step.name, status: 'failed', error: message, ms: performance.now() - started });
        await wh.run(`UPDATE pipeline_steps SET status = 'failed', ended_at = now(), error = $3 WHERE run_id = $1 AND step = $2`, [runId, step.name, message]);
        log(`${step.name}: FAILED: ${message}`);
      }
    }
  } catch (error) {
    runError = (error as Error).message;
    throw error;
  } finally {
    const failed = [...outcomes.values()].filter((o) => o.status === 'failed').map((o) => o.step);
    const error = runError ?? (failed.length > 0 ? `failed steps: ${failed.join(', ')}` : null);
    await wh.run(`UPDATE pipeline_runs SET status = $2, ended_at = now(), error = $3 WHERE run_id = $1`, [
      runId, error ? 'failed' : 'success', error,
    ]);
  }
  const steps = ordered.map((s) => outcomes.get(s.name)!);
  return { runId, pipeline: pipeline.name, status: steps.some((s) => s.status !== 'success') ? 'failed' : 'success', steps };
}

function newRunId(pipeline: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  return `${pipeline}-${stamp}-${randomBytes(3).toString('hex')}`;
}
