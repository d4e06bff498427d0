// The step bodies pipelines are composed of: each calls one stage (extract+load, a transform, a sink, a report).
import path from 'node:path';
import { extractAndLoad } from '../load/load.js';
import { writeKpiReport } from '../reports/kpi/index.js';
import type { Step } from '../runner/pipeline.js';
import { exportSegmentCsv } from '../sinks/segment-csv.js';
import { sourceFromConfig } from '../sources/index.js';
import { resolveAsOf } from '../transforms/as-of.js';
import { buildCohortRetention } from '../transforms/cohort-retention.js';
import { buildCustomer360 } from '../transforms/customer-360.js';
import { buildIdentities } from '../transforms/identities.js';
import { buildRfmSegments } from '../transforms/rfm-segments.js';

/** Extracts one configured source and loads it. */
export const extractStep = (source: string): Step => ({
  name: `extract:${source}`,
  dependsOn: [],
  async run({ warehouse, loaded, runId, log }) {
    const config = loaded.config.sources[source];
    if (!config) throw new Error(`unknown source "${source}"`);
    const counts = await extractAndLoad(warehouse, sourceFromConfig(source, config, loaded.baseDir), runId, log);
    return { rowsIn: counts.read, rowsOut: counts.loaded, rowsQuarantined: counts.quarantined, rowsDuplicate: counts.duplicate };
  },
});

export const identitiesStep = (dependsOn: readonly string[]): Step => ({
  name: 'identities',
  dependsOn,
  async run({ warehouse }) {
    const r = await buildIdentities(warehouse);
    return { rowsOut: r.identities, facts: { identities: r.identities, customers: r.customers } };
  },
});

export const customer360Step: Step = {
  name: 'customer_360',
  dependsOn: ['identities'],
  async run({ warehouse, params }) {
    const asOf = await resolveAsOf(warehouse, params.asOf);
    const r = await buildCustomer360(warehouse, { asOf });
    return { rowsOut: r.customers, facts: { asOf, customers: r.customers } };
  },
};

export const rfmStep: Step = {
  name: 'rfm_segments',
  dependsOn: ['customer_360'],
  async run({ warehouse, params }) {
    const asOf = await resolveAsOf(warehouse, params.asOf);
    const r = await buildRfmSegments(warehouse, { asOf });
    return { rowsOut: r.customers, facts: { segments: r.segments } };
  },
};

export const cohortStep: Step = {
  name: 'cohort_retention',
  dependsOn: ['customer_360'],
  async run({ warehouse, params }) {
    const r = await buildCohortRetention(warehouse, { asOf: await resolveAsOf(warehouse, params.asOf) });
    return { rowsOut: r.rows };
  },
};

/** File name for a segment export: lower-case words joined by dashes, so no segment name can escape the folder. */
export function segmentFileName(segment: string, ext: string): string {
  const slug = segment.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'segment';
  return `${slug}.${ext}`;
}

export const exportSegmentStep = (segment: string): Step => ({
  name: `export:${segmentFileName(segment, 'csv')}`,
  dependsOn: ['rfm_segments'],
  async run({ warehouse, loaded }) {
    const file = path.join(loaded.resolve(loaded.config.outputs.exports), segmentFileName(segment, 'csv'));
    const r = await exportSegmentCsv(warehouse, segment, file);
    return { rowsOut: r.rows, outputs: [file], facts: { suppressed: r.suppressed } };
  },
});

export const kpiReportStep: Step = {
  name: 'report:kpi',
  dependsOn: ['rfm_segments', 'cohort_retention'],
  async run({ warehouse, loaded, params, runId }) {
    const outDir = path.join(loaded.resolve(loaded.config.outputs.reports), 'kpi');
    const asOf = await resolveAsOf(warehouse, params.asOf);
    const { files } = await writeKpiReport(warehouse, { asOf, period: 'week', outDir, runId, generatedAt: new Date().toISOString() });
    return { outputs: files.slice(0, 1) };
  },
};
