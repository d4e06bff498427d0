// The config contract of the runner: durations and the retry policy of a step (zod only, nothing that runs).
import { z } from 'zod';
import { durationForms, parseDuration } from '../shared/duration.js';

/** A duration such as '30s', '15m', '2d' or '2 days' (see shared/duration.ts). */
export const Duration = z.string().refine((s) => parseDuration(s) !== undefined, durationForms);

/** How a step retries transient errors (network, DuckDB lock conflicts); permanent errors never retry. */
export const RetryConfig = z
  .object({
    /** Total tries including the first (1 = no retry). */
    attempts: z.int().min(1).max(20).optional(),
    /** Wait before the first retry; doubles after each one. */
    backoff: Duration.optional(),
    /** Upper bound of the wait between tries. */
    maxBackoff: Duration.optional(),
  })
  .strict();
export type RetryConfig = z.infer<typeof RetryConfig>;
