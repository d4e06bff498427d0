// Which ready step a run starts first when steps run side by side: the one with the longest way to the run's end.
import type { Warehouse } from '../warehouse/warehouse.js';
import type { Step } from './pipeline.js';

/**
 * Each step's priority: its expected seconds plus the longest chain of expected seconds among the steps that depend
 * on it, directly or not (critical-path list scheduling). A step never timed counts as the median of those that were
 * (1 s when none were), so a first run starts the longest chains of steps first. Started in this order, a long chain
 * (at 1M customers rfm_segments → clv_predictions → the exports) does not wait behind short steps listed before it.
 * @param ordered the steps in dependency order (`orderSteps`).
 * @example stepPriorities(orderSteps(pipeline), await lastStepSeconds(wh, pipeline.name));
 */
export function stepPriorities(ordered: readonly Step[], seconds: ReadonlyMap<string, number>): Map<string, number> {
  const known = ordered.map((s) => seconds.get(s.name)).filter((v): v is number => v !== undefined).sort((a, b) => a - b);
  const fallback = known.length === 0 ? 1 : known[Math.floor(known.length / 2)]!;
  const dependents = new Map<string, string[]>(ordered.map((s) => [s.name, []]));
  for (const s of ordered) for (const d of s.dependsOn) dependents.get(d)?.push(s.name);
  const priority = new Map<string, number>();
  for (const s of [...ordered].reverse()) {
    const after = Math.max(0, ...dependents.get(s.name)!.map((d) => priority.get(d) ?? 0));
    priority.set(s.name, (seconds.get(s.name) ?? fallback) + after);
  }
  return priority;
}

/** The seconds each step of `pipeline` took the last time it succeeded (from `pipeline_steps`). */
export async function lastStepSeconds(wh: Pick<Warehouse, 'all'>, pipeline: string): Promise<Map<string, number>> {
  const rows = await wh.all<{ step: string; seconds: number }>(`
    SELECT s.step, arg_max(date_diff('millisecond', s.started_at, s.ended_at), s.ended_at) / 1000.0 AS seconds
    FROM pipeline_steps s JOIN pipeline_runs r USING (run_id)
    WHERE r.pipeline = $1 AND s.status = 'success' AND s.started_at IS NOT NULL AND s.ended_at IS NOT NULL
    GROUP BY s.step`, [pipeline]);
  return new Map(rows.map((r) => [r.step, r.seconds]));
}
