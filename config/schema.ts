// The contract of `rapport.config.ts`: sources, pipelines with their schedules, and where outputs go.
import cron from 'node-cron';
import { z } from 'zod';
import { SourceConfig } from '../sources/source-config.js';
import { ClvConfig } from './clv-config.js';

const name = z.string().regex(/^[a-z][a-z0-9_-]*$/, 'use lower-case letters, digits, "-" and "_", starting with a letter');

export { SourceConfig };

export const ExportConfig = z
  .object({
    /** Segment to export (an RFM segment name such as "At Risk"). */
    segment: z.string().min(1),
    format: z.enum(['csv']).default('csv'),
  })
  .strict();

export const PipelineConfig = z
  .object({
    /** Five- or six-field cron expression (node-cron syntax), e.g. "0 6 * * *" for 06:00 every day. */
    schedule: z.string().refine((s) => cron.validate(s), 'expected a valid cron expression such as "0 6 * * *"'),
    /** IANA time zone the schedule is read in. */
    timezone: z.string().default('UTC'),
    /** Sources this pipeline extracts; all configured sources when omitted. */
    sources: z.array(name).optional(),
    exports: z.array(ExportConfig).default([]),
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
    /** Settings of the analytics transforms. */
    analytics: z
      .object({
        /** Predicted CLV and churn probability (`clv_predictions`, `clv_calibration`). */
        clv: ClvConfig.prefault({}),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((config, ctx) => {
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
    }
  });
export type RapportConfig = z.infer<typeof RapportConfig>;
export type RapportConfigInput = z.input<typeof RapportConfig>;

/** Typed identity for `rapport.config.ts`, so editors check the config as it is written. */
export function defineConfig(config: RapportConfigInput): RapportConfigInput {
  return config;
}
