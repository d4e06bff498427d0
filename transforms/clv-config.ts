// The contract of `analytics.clv` in the config: horizons, discounting and time unit of the predicted-CLV transform.
import { z } from 'zod';

/** `analytics.clv`: settings of `clv_predictions` and `clv_calibration` (see docs/clv.md). */
export const ClvConfig = z
  .object({
    /** Horizon of `expected_purchases_90d`, in days. */
    horizonDays: z.int().positive().default(90),
    /** Horizon of `predicted_clv_12m`, in months. */
    clvMonths: z.int().positive().default(12),
    /** Discount rate per month applied to future purchases in the CLV (0.01 = 1 %/month). */
    monthlyDiscountRate: z.number().min(0).max(1).default(0.01),
    /** Time unit the models are fitted in. */
    period: z.enum(['day', 'week']).default('week'),
    /** Length of the holdout period at the end of the history that `clv_calibration` checks predictions on, in days. */
    holdoutDays: z.int().positive().default(90),
  })
  .strict();
export type ClvConfig = z.infer<typeof ClvConfig>;
