// The contract of `rapport.config.ts`: composes each stage's own contract file (`*-config.ts`) with pipelines, their
// schedules and where outputs go. It imports nothing that runs (tests/config/contracts.test.ts checks it).
import { z } from 'zod';
import { Duration, RetryConfig } from '../runner/runner-config.js';
import { CustomSegmentConfig, ExportConfig, exportFileName, segmentSlug } from '../sinks/sink-config.js';
import { SourceConfig } from '../sources/source-config.js';
import { AnalyticsConfig } from '../transforms/analytics-config.js';
import { ClvConfig } from '../transforms/clv-config.js';
import { IdentityConfig } from '../transforms/identity-config.js';
import { MatchConfig } from '../transforms/match-config.js';
import { DataTestsConfig } from '../data-tests/data-tests-config.js';
import { RetentionConfig } from '../privacy/privacy-config.js';
import { isTimeZone } from '../shared/dates.js';

const name = z.string().regex(/^[a-z][a-z0-9_-]*$/, 'use lower-case letters, digits, "-" and "_", starting with a letter');

export { CustomSegmentConfig, Duration, ExportConfig, exportFileName, RetryConfig, SourceConfig };

export const PipelineConfig = z
  .object({
    /**
     * Five- or six-field cron expression (node-cron syntax), e.g. "0 6 * * *" for 06:00 every day. node-cron checks
     * it where the config is loaded (config/cron-schedules.ts): a contract imports nothing that runs.
     */
    schedule: z.string(),
    /** IANA time zone the schedule is read in. */
    timezone: z.string().refine(isTimeZone, 'expected an IANA time zone such as "Europe/Paris"').default('UTC'),
    /** Sources this pipeline extracts; all configured sources when omitted. */
    sources: z.array(name).optional(),
    exports: z.array(ExportConfig).default([]),
    /** After downtime, `rapport schedule` runs a missed scheduled run once at start-up ('once') or not ('skip'). */
    catchUp: z.enum(['skip', 'once']).default('skip'),
    /** Maximum age of each source's newest data, e.g. `{ orders: '2d' }`; an older source is a warning in the run. */
    freshness: z.record(name, Duration).optional(),
    /** Retry policy for every step of this pipeline. */
    retry: RetryConfig.optional(),
    /** Per-step settings by step name (e.g. `'extract:orders': { retry: { attempts: 5 } }`), over `retry`. */
    steps: z.record(z.string(), z.object({ retry: RetryConfig.optional() }).strict()).optional(),
    /** A module (relative to the config) whose default export builds the steps of a custom pipeline. */
    module: z.string().optional(),
    /**
     * How many steps may run at once, each on its own warehouse connection (a step starts when the steps it depends
     * on have ended); 1 runs them one after the other.
     */
    concurrency: z.int().min(1).max(8).optional(),
  })
  .strict();
export type PipelineConfig = z.infer<typeof PipelineConfig>;

export const RapportConfig = z
  .object({
    /** DuckDB file; `RAPPORT_WAREHOUSE` overrides it. Relative paths are relative to the config file. */
    warehouse: z.string().default('data/warehouse.duckdb'),
    outputs: z
      .object({ exports: z.string().default('data/exports'), reports: z.string().default('reports/out') })
      .strict()
      .default({ exports: 'data/exports', reports: 'reports/out' }),
    /** The bundled sample that `npm start` generates when it is missing. */
    sample: z
      .object({ dir: z.string().default('data/sample'), customers: z.int().positive().default(2000), seed: z.int().default(42) })
      .strict()
      .default({ dir: 'data/sample', customers: 2000, seed: 42 }),
    sources: z.record(name, SourceConfig),
    pipelines: z.record(name, PipelineConfig).default({}),
    /** RFM window, segment map and churn window (see docs/metrics.md, "Definitions"). */
    analytics: AnalyticsConfig.extend({
      /** Predicted CLV and churn probability (`clv_predictions`, `clv_calibration`). */
      clv: ClvConfig.prefault({}),
    }).prefault({}),
    /** Identity resolution: phone countries, email provider rules, blocked values, per-customer limits (docs/identity.md). */
    identity: IdentityConfig.prefault({}),
    /** Probabilistic matching of contacts (docs/matching.md): present (even `{}`), the identities step links contacts by it. */
    match: MatchConfig.optional(),
    /** Data tests (`rapport test`, the daily pipeline's data_tests step): see docs/operations.md, "Data tests". */
    dataTests: DataTestsConfig,
    /** How long raw rows of each channel are kept, e.g. `{ email: '24 months' }` (docs/privacy.md, "Retention"). */
    retention: RetentionConfig,
    /** Custom segments by name, e.g. `{ 'Big spenders at risk': { where: { all: [...] } } }`. */
    segments: z
      .record(z.string().min(1).max(100).regex(/^[^\p{Cc}]+$/u, 'a segment name may not contain control characters'), CustomSegmentConfig)
      .default({}),
    /** `rapport serve`: who may sign in (scrypt hashes from `rapport serve --hash-password`). */
    web: z
      .object({
        users: z.array(z.object({ name: z.string().min(1).max(100), passwordHash: z.string().startsWith('scrypt$', 'expected a hash from rapport serve --hash-password'), roles: z.array(z.enum(['admin'])).default([]) }).strict()).default([]),
        tokenHash: z.string().startsWith('scrypt$', 'expected a hash from rapport serve --hash-password').optional(),
        /** Host names the app answers to besides localhost/127.0.0.1/[::1] (anything else is refused: DNS rebinding). */
        allowedHosts: z.array(z.string().regex(/^[A-Za-z0-9.-]{1,253}$|^\[[0-9A-Fa-f:.]+\]$/, 'expected a host name such as "reports.example.internal", without scheme or port')).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    const rfmSlugs = new Map(config.analytics.segmentMap.map((r) => [segmentSlug(r.segment), r.segment]));
    const customSlugs = new Map<string, string>();
    for (const segment of Object.keys(config.segments)) {
      const slug = segmentSlug(segment);
      const clash = rfmSlugs.get(slug) ?? customSlugs.get(slug);
      if (clash !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['segments', segment], message: `"${segment}" is too close to the segment "${clash}" (both are "${slug}" in file names)` });
      }
      customSlugs.set(slug, segment);
    }
    for (const [pipeline, p] of Object.entries(config.pipelines)) {
      const files = new Set<string>();
      for (const [i, e] of p.exports.entries()) {
        const file = exportFileName(e);
        if (files.has(file)) ctx.addIssue({ code: 'custom', path: ['pipelines', pipeline, 'exports', i], message: `a second export to ${file}: each export needs its own file` });
        files.add(file);
      }
    }
    for (const [pipeline, p] of Object.entries(config.pipelines)) {
      for (const [i, source] of (p.sources ?? []).entries()) {
        if (!(source in config.sources)) {
          ctx.addIssue({
            code: 'custom',
            path: ['pipelines', pipeline, 'sources', i],
            message: `unknown source "${source}": expected one of ${Object.keys(config.sources).join(', ')}`,
          });
        }
      }
      for (const source of Object.keys(p.freshness ?? {})) {
        if (!(source in config.sources))
          ctx.addIssue({ code: 'custom', path: ['pipelines', pipeline, 'freshness', source], message: `unknown source "${source}"` });
      }
    }
  });
export type RapportConfig = z.infer<typeof RapportConfig>;
export type RapportConfigInput = z.input<typeof RapportConfig>;

/** Typed identity for `rapport.config.ts`, so editors check the config as it is written. */
export function defineConfig(config: RapportConfigInput): RapportConfigInput {
  return config;
}
