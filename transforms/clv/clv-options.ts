// Zod contracts for the options accepted at the CLV library's public entry points.

import { z } from 'zod';
import { ClvError } from './clv-error.js';

/** Options of `fitClv`. */
export const fitClvOptionsSchema = z.strictObject({
  /** Iteration cap for each Nelder-Mead run of either model (default 5000). */
  maxIterations: z.number().int().positive().optional(),
  /** Fit the Gamma-Gamma spend model (default true); false leaves `gammaGamma` null. */
  spend: z.boolean().optional(),
  /**
   * Repeat customers whose mean repeat value is not positive (refunds, free orders): `reject` (default, a ClvError
   * naming the row) or `skip` (left out of the spend model, counted in `spendSkipped`).
   */
  nonPositiveSpend: z.enum(['reject', 'skip']).optional(),
});

/** Options of `customerLifetimeValue`. */
export const lifetimeValueOptionsSchema = z.strictObject({
  /** Time unit of x, t_x and T. */
  period: z.enum(['day', 'week']),
  /** Horizon H in months. */
  months: z.number().int().positive(),
  /** Discount rate per month d (e.g. 0.01 for 1 %/month). */
  monthlyDiscountRate: z.number().min(0),
  /** Periods per month m; default 365.25/12 days, or that divided by 7 for weeks. */
  periodsPerMonth: z.number().positive().optional(),
});

/** Validated `fitClv` options. */
export type FitClvOptions = z.infer<typeof fitClvOptionsSchema>;
/** Validated `customerLifetimeValue` options. */
export type LifetimeValueOptions = z.infer<typeof lifetimeValueOptionsSchema>;

/**
 * Parses `value` with `schema`, turning a zod failure into a {@link ClvError} that names the
 * stage and the first issue's path (the zod error is kept as `cause`).
 *
 * @throws ClvError when `value` does not match `schema`.
 * @example
 * parseOptions(fitClvOptionsSchema, { maxIterations: 100 }, 'fitClv');
 */
export function parseOptions<T>(schema: z.ZodType<T>, value: unknown, stage: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = ['options', ...(issue?.path ?? []).map(String)].join('.');
  throw new ClvError({ stage, field }, issue?.message ?? 'invalid options', { cause: result.error });
}
