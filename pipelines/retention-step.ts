// The `retention` step: after every other step of the run, deletes raw rows older than the config's `retention`.
import { applyRetention } from '../privacy/retention.js';
import type { LoadedConfig } from '../config/load-config.js';
import type { Pipeline, Step } from '../runner/pipeline.js';

/** Depends on every step before it (analytics, exports, the report), so nothing of this run needs the rows it deletes. */
export const retentionStep = (presentSteps: readonly string[]): Step => ({
  name: 'retention',
  dependsOn: presentSteps,
  async run({ warehouse, loaded, runId, log }) {
    const sources = Object.entries(loaded.config.sources);
    const removed = await applyRetention(warehouse, loaded.config.retention,
      (channel) => sources.filter(([, s]) => s.channel === channel).map(([name]) => name), { now: new Date(), actor: `pipeline run ${runId}` });
    for (const r of removed) log(`${r.table}: ${r.rows} rows older than ${r.before.slice(0, 10)} deleted`);
    return { rowsOut: removed.reduce((n, r) => n + r.rows, 0), facts: { retentionDeleted: removed.reduce((n, r) => n + r.rows, 0) } };
  },
});

/** Adds the `retention` step at the end of `pipeline` when the config sets `retention` for some channel. */
export function withRetention(loaded: LoadedConfig, pipeline: Pipeline): Pipeline {
  if (Object.keys(loaded.config.retention).length === 0) return pipeline;
  return Object.freeze({ ...pipeline, steps: [...pipeline.steps, retentionStep(pipeline.steps.map((s) => s.name))] });
}
