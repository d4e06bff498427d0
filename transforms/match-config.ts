// The config contract of probabilistic matching (Fellegi-Sunter over the contacts channel): blocking rules, EM settings, threshold.
import { z } from 'zod';
import { parseDuration } from '../shared/duration.js';

/**
 * Keys a blocking rule can require two contacts to share (normalised: lower case, accents and spaces dropped).
 * `surname_sound` is the American Soundex code of the last name (a SQL macro, `rapport_soundex`: DuckDB has none
 * built in), so "Meyer" and "Meier" are compared; `birth_year` is the year of the date of birth.
 */
export const blockingKeys = ['postcode', 'date_of_birth', 'surname_sound', 'last_name', 'first_name', 'email', 'phone', 'city', 'birth_year'] as const;
export type BlockingKey = (typeof blockingKeys)[number];

/**
 * The compared fields a blocking key decides: pairs a rule compares agree on them whoever they are, so that rule's EM
 * leaves them out.
 */
export const keyFields: Readonly<Record<BlockingKey, readonly string[]>> = Object.freeze({
  postcode: ['address'], date_of_birth: ['date_of_birth'], surname_sound: ['last_name'], last_name: ['last_name'],
  first_name: ['first_name'], email: ['email'], phone: ['phone'], city: ['address'], birth_year: ['date_of_birth'],
});

/**
 * `match` in `rapport.config.ts`. Every key is optional.
 * @example match: { blocking: [['postcode'], ['date_of_birth'], ['surname_sound', 'birth_year']], threshold: 0.9 }
 */
export const MatchConfig = z
  .object({
    /**
     * Blocking rules: two contacts are compared when they share every key of at least one rule. A rule whose key
     * every contact shares (everyone with everyone) is refused.
     */
    blocking: z.array(z.array(z.enum(blockingKeys)).min(1)).min(1).default([['postcode'], ['date_of_birth'], ['surname_sound']]),
    /** Most candidate pairs all rules together may produce; more is refused naming the rule that costs most. */
    maxPairs: z.int().positive().default(50_000_000),
    /** Random pairs drawn to estimate u (the chance two different people agree); all pairs when there are fewer. */
    randomPairs: z.int().positive().default(1_000_000),
    em: z
      .object({
        /** EM stops after this many iterations; if m has not settled by then, the run says so (not converged). */
        maxIterations: z.int().positive().default(25),
        /** Largest change of any m or of the match share between two iterations that counts as settled. */
        tolerance: z.number().positive().default(1e-4),
        /** Starting guess of the share of candidate pairs that are one person. */
        initialMatchShare: z.number().gt(0).lt(1).default(0.05),
      })
      .strict()
      .prefault({}),
    /**
     * How old an estimate of m, u and the prior may get before a build estimates them again (`30d`, `2 weeks`);
     * between estimates, builds only score the pairs of new or changed contacts with the stored parameters.
     * `rapport identities estimate` estimates on request.
     */
    reestimateEvery: z.string().refine((d) => parseDuration(d) !== undefined, 'expected a duration such as "30d" or "2 weeks"').default('30d'),
    /**
     * Match probability from which a candidate pair counts as one person. 0.8: on the sample (2,000 customers) pairs
     * above it are right 99.3% of the time and find 96% of the true pairs (docs/matching.md).
     */
    threshold: z.number().gt(0).lt(1).default(0.8),
  })
  .strict();
export type MatchConfig = z.infer<typeof MatchConfig>;
export type MatchConfigInput = z.input<typeof MatchConfig>;
