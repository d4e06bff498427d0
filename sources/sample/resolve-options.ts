// Checks `generateSample` options and derives the history window from them, before anything touches the disk.

import { resolve } from 'node:path';
import type { SampleOptions } from './sample-summary.js';

/** Options with defaults applied, plus the history window in UTC ms. */
export interface ResolvedOptions {
  readonly customers: number;
  readonly seed: number;
  readonly outDir: string;
  readonly endDate: string;
  readonly months: number;
  readonly startMs: number;
  readonly endMs: number;
}

/** Person counts above this would overflow the 7 unique phone digits each person gets. */
export const MAX_CUSTOMERS = 10_000_000;

function fail(option: string, expected: string, got: unknown): never {
  throw new RangeError(`sample: option "${option}" must be ${expected} (got ${JSON.stringify(got)}); nothing was written`);
}

/**
 * Validates options and applies defaults. Throws a RangeError naming the option; nothing is written in that case.
 *
 * @example resolveOptions({ customers: 2000, seed: 1, outDir: 'data/sample' }).startMs // Date.UTC(2024, 10, 1)
 */
export function resolveOptions(options: SampleOptions): ResolvedOptions {
  const { customers, seed, outDir, endDate = '2026-10-31', months = 24 } = options;
  if (!Number.isInteger(customers) || customers < 1 || customers > MAX_CUSTOMERS) fail('customers', `an integer from 1 to ${MAX_CUSTOMERS}`, customers);
  if (!Number.isSafeInteger(seed)) fail('seed', 'a safe integer', seed);
  if (typeof outDir !== 'string' || outDir.trim() === '') fail('outDir', 'a non-empty path', outDir);
  if (!Number.isInteger(months) || months < 1 || months > 240) fail('months', 'an integer from 1 to 240', months);
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(endDate);
  const [year, month, day] = match === null ? [NaN, NaN, NaN] : [Number(match[1]), Number(match[2]), Number(match[3])];
  const endDay = Date.UTC(year, month - 1, day);
  // The time-zone tables cover 1970-2299, so the whole window must fall inside them.
  if (match === null || new Date(endDay).toISOString().slice(0, 10) !== endDate || year < 1991 || year > 2250) fail('endDate', 'a calendar date YYYY-MM-DD from 1991 to 2250', endDate);
  return {
    customers,
    seed,
    outDir: resolve(outDir),
    endDate,
    months,
    // The window starts the day after the same date `months` earlier; Date.UTC rolls day/month overflow forward.
    startMs: Date.UTC(year, month - 1 - months, day + 1),
    endMs: endDay + 86_399_000,
  };
}
