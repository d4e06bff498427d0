// Runs a pipeline once per day of a date range, as of each day in order, skipping days that already succeeded, and
// leaves the current tables as of the latest as-of.
import { openWarehouse } from '../warehouse/warehouse.js';
import { executeRun, type ExecuteRunOptions } from './execute-run.js';
import type { Pipeline } from './pipeline.js';
import { successfulAsOfs } from './run-history.js';
import type { RunOutcome } from './run-pipeline.js';

/** What happened to one day of a backfill; `current` marks the closing run that rebuilt the current tables. */
export type BackfillDay =
  | { readonly day: string; readonly status: 'done-before'; readonly runId: string }
  | { readonly day: string; readonly status: RunOutcome['status']; readonly runId: string; readonly current?: true }
  | { readonly day: string; readonly status: 'not-run' };

/** Every day from `from` to `to` ('YYYY-MM-DD'), both included, in order. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** Steps that write files people use now (segment exports, reports): an older as-of must not replace them. */
const isOutputStep = (name: string) => name.startsWith('export:') || name.startsWith('report:');

/** The pipeline without its export and report steps (nothing in a pipeline depends on them). */
export function withoutOutputs(pipeline: Pipeline): Pipeline {
  return Object.freeze({ ...pipeline, steps: pipeline.steps.filter((s) => !isOutputStep(s.name)) });
}

/**
 * Runs `pipeline` with `asOf` = each day from `from` to `to`, oldest first, trigger `backfill`, without its export
 * and report steps unless `withOutputs`. A day that already has a successful run for that as-of is skipped. Stops at
 * the first day that fails or is interrupted (later days often build on earlier ones, e.g. `rfm_history`); the rest
 * are reported `not-run`, and running the same backfill again carries on from there.
 *
 * Each day rebuilds the current tables (`rfm_segments`, `customer_360`, ...) as of that day. So when the pipeline
 * already succeeded for a later as-of than the range, one more run (again without outputs) rebuilds them as of that
 * latest as-of, reported last with `current: true`: history is filled, what `rapport segments` shows stays current.
 * @throws what `executeRun` throws (the pipeline is running elsewhere, the warehouse stays busy).
 */
export async function backfill(
  pipeline: Pipeline,
  range: { readonly from: string; readonly to: string },
  options: Omit<ExecuteRunOptions, 'params' | 'trigger'> & { readonly onDay?: (day: BackfillDay) => void; readonly withOutputs?: boolean },
): Promise<BackfillDay[]> {
  const days = daysBetween(range.from, range.to);
  const wh = await openWarehouse(options.loaded.warehouse, {
    ...(options.waitMs !== undefined ? { waitMs: options.waitMs } : {}),
    ...(options.onWait ? { onWait: options.onWait } : {}),
  });
  let done: Map<string, string>;
  try {
    done = await successfulAsOfs(wh, pipeline.name);
  } finally {
    wh.close();
  }
  const latest = [...done.keys()].sort().at(-1);
  const steps = options.withOutputs ? pipeline : withoutOutputs(pipeline);
  const out: BackfillDay[] = [];
  const report = (d: BackfillDay) => {
    out.push(d);
    options.onDay?.(d);
  };
  let stopped = false;
  let ranAny = false;
  for (const day of days) {
    const before = done.get(day);
    if (stopped || options.signal?.aborted) report({ day, status: 'not-run' });
    else if (before) report({ day, status: 'done-before', runId: before });
    else {
      const outcome = await executeRun(steps, { ...options, trigger: 'backfill', params: { asOf: day } });
      report({ day, status: outcome.status, runId: outcome.runId });
      stopped = outcome.status !== 'success';
      ranAny = true;
    }
  }
  if (ranAny && !stopped && !options.signal?.aborted && latest !== undefined && latest > range.to) {
    const outcome = await executeRun(withoutOutputs(pipeline), { ...options, trigger: 'backfill', params: { asOf: latest } });
    report({ day: latest, status: outcome.status, runId: outcome.runId, current: true });
  }
  return out;
}
