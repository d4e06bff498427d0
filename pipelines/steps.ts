// The step bodies pipelines are composed of: each calls one stage (extract+load, a transform, a sink, a report).
import path from 'node:path';
import type { CountryCode } from 'libphonenumber-js';
import { ExportConfig, exportFileName } from '../config/schema.js';
import { extractAndLoad } from '../load/load.js';
import { writeKpiReport } from '../reports/kpi/index.js';
import { configuredChannels } from './report-channels.js';
import type { Step, StepWarning } from '../runner/pipeline.js';
import { fileInside } from '../sinks/output-path.js';
import { exportSegment } from '../sinks/segment-export.js';
import { sourceFromConfig } from '../sources/index.js';
import { tombstoneGate } from '../privacy/tombstone-gate.js';
import { resolveAsOf } from '../transforms/as-of.js';
import { buildClvCalibration } from '../transforms/clv-calibration.js';
import { buildClvPredictions } from '../transforms/clv-predictions.js';
import { buildCohortRetention } from '../transforms/cohort-retention.js';
import { buildCustomer360 } from '../transforms/customer-360.js';
import { buildIdentities } from '../transforms/identities.js';
import { buildRfmSegments } from '../transforms/rfm-segments.js';
import { buildSegmentTransitions } from '../transforms/segment-transitions.js';
import { buildChurnMetrics } from '../transforms/churn-metrics.js';
import { buildCustomerValue } from '../transforms/customer-value.js';

/** Extracts one configured source and loads it. */
export const extractStep = (source: string): Step => ({
  name: `extract:${source}`,
  dependsOn: [],
  async run({ warehouse, loaded, runId, log, params, progress }) {
    const config = loaded.config.sources[source];
    if (!config) throw new Error(`unknown source "${source}"`);
    const mode = { fullRefresh: params.fullRefresh ?? false, since: params.since };
    const from = sourceFromConfig(source, config, loaded.baseDir);
    const warnings: StepWarning[] = [];
    // Rows of a forgotten person are dropped where they land (privacy tombstones) and counted apart.
    const gate = tombstoneGate(loaded.config.identity);
    const counts = await extractAndLoad(warehouse, from, runId, log, mode, (t) => progress(t.read), (w) => warnings.push(w), gate);
    const facts = counts.forgotten ? { facts: { forgotten: counts.forgotten } } : {};
    return { rowsIn: counts.read, rowsOut: counts.loaded, rowsQuarantined: counts.quarantined, rowsDuplicate: counts.duplicate, warnings, ...facts };
  },
});

export const identitiesStep = (dependsOn: readonly string[]): Step => ({
  name: 'identities',
  dependsOn,
  async run({ warehouse, loaded, runId, params, log }) {
    const full = params.rebuild === true || params.fullRefresh === true;
    const match = loaded.config.match;
    const r = await buildIdentities(warehouse, { config: loaded.config.identity, runId, now: new Date(), full, ...(match ? { match } : {}) });
    log(`${r.full ? 'full build' : 'incremental'} (${r.reason}), ${r.recomputed} identities recomputed`);
    if (r.match) log(`matching: ${r.match.estimated ? 'parameters estimated' : 'stored parameters'}, ${r.match.scored} pairs scored, ${r.match.aboveThreshold} above the threshold`);
    return {
      rowsOut: r.identities,
      facts: {
        identities: r.identities, customers: r.customers, refusals: r.refusals, merges: r.merges, splits: r.splits,
        identitiesBuild: r.full ? `full: ${r.reason}` : `incremental: ${r.reason}`, identitiesRecomputed: r.recomputed,
        ...(r.match ? { matchPairsScored: r.match.scored, matchLinks: r.match.aboveThreshold, matchConverged: r.match.converged ? 'yes' : 'no' } : {}),
      },
      // An estimate whose EM did not settle is used, but said (match_rules names the rule).
      ...(r.match && !r.match.converged ? { warnings: [{ kind: 'match-not-converged', subject: 'match', message:
        `probabilistic matching: EM did not converge for blocking rule(s) ${r.match.rules.filter((x) => !x.converged).map((x) => x.rule).join(', ')} within match.em.maxIterations; weights may be off (see match_rules)` }] } : {}),
    };
  },
});

export const customer360Step: Step = {
  name: 'customer_360',
  dependsOn: ['identities'],
  async run({ warehouse, params, log }) {
    const asOf = await resolveAsOf(warehouse, params.asOf);
    const r = await buildCustomer360(warehouse, { asOf, full: params.rebuild === true || params.fullRefresh === true });
    log(`${r.full ? `full build (${r.reason})` : 'incremental'}, ${r.recomputed} customers recomputed`);
    return { rowsOut: r.customers, facts: { asOf, customers: r.customers, customer360Build: r.full ? `full: ${r.reason}` : 'incremental', customersRecomputed: r.recomputed } };
  },
};

export const rfmStep: Step = {
  name: 'rfm_segments',
  dependsOn: ['customer_360'],
  async run({ warehouse, params, loaded }) {
    const asOf = await resolveAsOf(warehouse, params.asOf);
    const { rfmWindowDays, segmentMap } = loaded.config.analytics;
    const r = await buildRfmSegments(warehouse, { asOf, windowDays: rfmWindowDays, segmentMap });
    // asOf in the facts of every step that resolves it: a --select run without customer_360 records it too.
    return { rowsOut: r.customers, facts: { asOf, segments: r.segments } };
  },
};

/** Compares this run's RFM snapshot with the latest earlier one. */
export const segmentTransitionsStep: Step = {
  name: 'segment_transitions',
  dependsOn: ['rfm_segments'],
  async run({ warehouse, params }) {
    const asOf = await resolveAsOf(warehouse, params.asOf);
    const r = await buildSegmentTransitions(warehouse, { asOf });
    return { rowsOut: r.customers, facts: { asOf, transitionsFrom: r.from ?? 'none', customersMoved: r.moved } };
  },
};

export const cohortStep: Step = {
  name: 'cohort_retention',
  dependsOn: ['customer_360'],
  async run({ warehouse, params }) {
    const asOf = await resolveAsOf(warehouse, params.asOf);
    const r = await buildCohortRetention(warehouse, { asOf });
    return { rowsOut: r.rows, facts: { asOf } };
  },
};

export const churnStep: Step = {
  name: 'churn_metrics',
  dependsOn: ['customer_360'],
  async run({ warehouse, params, loaded }) {
    const asOf = await resolveAsOf(warehouse, params.asOf);
    const r = await buildChurnMetrics(warehouse, { asOf, inactivityDays: loaded.config.analytics.churnInactivityDays });
    return { rowsOut: r.months, facts: { asOf } };
  },
};

export const customerValueStep: Step = {
  name: 'customer_value',
  dependsOn: ['customer_360'],
  async run({ warehouse, params }) {
    const asOf = await resolveAsOf(warehouse, params.asOf);
    const r = await buildCustomerValue(warehouse, { asOf });
    return { rowsOut: r.customers, facts: { asOf, cohorts: r.cohorts } };
  },
};

/** Predicted CLV per customer (`clv_predictions`, `clv_models`); data too thin to fit is a logged warning, not a failure. */
export const clvPredictionsStep: Step = {
  name: 'clv_predictions',
  dependsOn: ['rfm_segments'],
  async run({ warehouse, loaded, params, log }) {
    const asOf = await resolveAsOf(warehouse, params.asOf);
    const warmStart = !(params.rebuild === true || params.fullRefresh === true); // a full refresh reuses no stored state
    const r = await buildClvPredictions(warehouse, { asOf, ...loaded.config.analytics.clv, warmStart });
    for (const warning of r.warnings) log(`warning: ${warning}`);
    const fit = r.model.bgnbd ? (r.model.bgnbd.warm ? 'warm start from the stored fit' : 'full search') : 'none';
    log(`fit: ${fit}`);
    return { rowsOut: r.customers, facts: { asOf, clvWarnings: r.warnings.length, clvFit: fit } };
  },
};

/** Holdout check of the purchase model (`clv_calibration`); too little history is a logged warning. */
export const clvCalibrationStep: Step = {
  name: 'clv_calibration',
  dependsOn: ['rfm_segments'],
  async run({ warehouse, loaded, params, log }) {
    const { period, holdoutDays } = loaded.config.analytics.clv;
    const warmStart = !(params.rebuild === true || params.fullRefresh === true);
    const asOf = await resolveAsOf(warehouse, params.asOf);
    const r = await buildClvCalibration(warehouse, { asOf, period, holdoutDays, warmStart });
    if (r.warning) log(`warning: ${r.warning}`);
    return { rowsOut: r.rows, facts: { asOf } };
  },
};

/**
 * Exports one `pipelines.<name>.exports` entry (or just a segment name, as CSV) to
 * `<outputs.exports>/<exportFileName>`, and to its webhook when it has one; recorded in segment_exports with the run id.
 */
export const exportSegmentStep = (entry: ExportConfig | string, dependsOn: readonly string[] = ['rfm_segments']): Step => {
  const e = typeof entry === 'string' ? ExportConfig.parse({ segment: entry }) : entry;
  const fileName = exportFileName(e);
  return {
    name: `export:${fileName}`,
    dependsOn,
    async run({ warehouse, loaded, runId, log }) {
      const file = fileInside(loaded.resolve(loaded.config.outputs.exports), fileName);
      const token = e.webhook?.tokenEnv ? process.env[e.webhook.tokenEnv] : undefined;
      if (e.webhook?.tokenEnv && !token) throw new Error(`export ${fileName}: environment variable ${e.webhook.tokenEnv} (webhook.tokenEnv) is not set`);
      const r = await exportSegment(warehouse, {
        segment: e.segment,
        customSegments: loaded.config.segments,
        out: file,
        format: e.format,
        ...(e.columns ? { columns: e.columns } : {}),
        ...(e.hashed ? { hashed: { platform: e.platform, ...(e.phoneCountry ? { phoneCountry: e.phoneCountry as CountryCode } : {}) } } : {}),
        sinceLast: e.sinceLast,
        bom: e.bom,
        includeSuppressed: e.includeSuppressed,
        ...(e.key ? { key: e.key } : {}),
        ...(e.webhook ? { webhook: {
          url: e.webhook.url, batchSize: e.webhook.batchSize, maxAttempts: e.webhook.maxAttempts,
          ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
        } } : {}),
        runId,
      });
      log(`${r.rows} rows (${r.exportId}); suppressed: ${r.suppressedText}`); // the log line already starts with the step name
      const suppressed = Object.values(r.suppressed).reduce((n, c) => n + (c ?? 0), 0);
      // An empty export, or one that left most members out, is a run warning (pipeline_warnings), counts by reason included.
      const warnings = r.warning ? [{ kind: 'export-left-out', subject: fileName, message: r.warning }] : [];
      return { rowsIn: r.members + suppressed, rowsOut: r.rows, outputs: [file], facts: { suppressed }, warnings };
    },
  };
};

export const kpiReportStep: Step = {
  name: 'report:kpi',
  // Every table the report reads, so it never shows last run's churn or CLV next to this run's revenue.
  dependsOn: ['rfm_segments', 'segment_transitions', 'cohort_retention', 'churn_metrics', 'clv_predictions', 'clv_calibration'],
  async run({ warehouse, loaded, params, runId }) {
    const outDir = path.join(loaded.resolve(loaded.config.outputs.reports), 'kpi');
    const asOf = await resolveAsOf(warehouse, params.asOf);
    const channels = configuredChannels(loaded.config); // an orders-only shop: no email or social panels
    const { files } = await writeKpiReport(warehouse, { asOf, period: 'week', outDir, runId, generatedAt: new Date().toISOString(), ...(channels ? { channels } : {}) });
    return { outputs: files.slice(0, 1), facts: { asOf } };
  },
};
