// The `check:freshness` step: warns (never fails) when a source's newest data is older than the pipeline allows.
import { formatAge, formatDuration, parseDuration } from '../shared/duration.js';
import { checkFreshness } from '../load/freshness.js';
import type { Step } from '../runner/pipeline.js';
import { contractByName } from '../sources/contracts/index.js';

/** Runs after the extract steps of the checked sources that the pipeline has (`presentSteps`). */
export const freshnessStep = (limits: Readonly<Record<string, string>>, presentSteps: readonly string[]): Step => ({
  name: 'check:freshness',
  dependsOn: Object.keys(limits).map((s) => `extract:${s}`).filter((s) => presentSteps.includes(s)),
  retry: { attempts: 1 },
  async run({ warehouse, loaded }) {
    const checks = Object.entries(limits).map(([source, age]) => ({
      source,
      channel: contractByName(loaded.config.sources[source]!.channel),
      maxAgeMs: parseDuration(age)!,
    }));
    const found = await checkFreshness(warehouse, checks, new Date());
    const warnings = found.filter((f) => f.stale).map((f) => ({
      kind: 'stale-source',
      subject: f.source,
      message: f.newest
        ? `source ${f.source}: newest data is from ${f.newest.toISOString()}, ${formatAge(f.ageMs!)} old (allowed ${formatDuration(f.maxAgeMs)})`
        : `source ${f.source}: no data loaded yet (allowed age ${formatDuration(f.maxAgeMs)})`,
    }));
    return { rowsIn: found.length, facts: { staleSources: warnings.length }, warnings };
  },
});

