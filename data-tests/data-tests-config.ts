// The contract of `dataTests` in the config: the checks `rapport test` and the daily pipeline run on the warehouse.
import { z } from 'zod';
import { parseDuration } from '../shared/duration.js';

const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a table or column name such as customer_360');
const source = z.string().regex(/^[a-z][a-z0-9_-]*$/, 'expected a source name from "sources"');
const percent = z.number().min(0).max(100);

/** What every data test has: an optional name (default `<kind>_<table>_<column>` or `<kind>_<source>`) and a severity. */
const common = {
  /** Name for `rapport test --select` and `data_test_results.test`; defaults as dbt names its generic tests. */
  name: z.string().regex(/^[A-Za-z0-9_.:-]+$/, 'use letters, digits, "_", ".", ":" and "-"').optional(),
  /** `error` (default, as in dbt): a failure fails `rapport test` and the daily run's data_tests step. `warn`: a run warning. */
  severity: z.enum(['error', 'warn']).default('error'),
};

/** One declared check. `kind` picks what it checks; each kind takes the fields shown. */
export const DataTestConfig = z.discriminatedUnion('kind', [
  /** No row of `table` has NULL in `column`. */
  z.object({ kind: z.literal('not_null'), table: identifier, column: identifier, ...common }).strict(),
  /** No non-NULL value of `column` occurs twice in `table`. */
  z.object({ kind: z.literal('unique'), table: identifier, column: identifier, ...common }).strict(),
  /** Every non-NULL value of `column` is one of `values` (compared as text). */
  z.object({ kind: z.literal('accepted_values'), table: identifier, column: identifier, values: z.array(z.string()).min(1), ...common }).strict(),
  /**
   * The row count of `table` changed by at most these percentages since the previous time this test ran
   * (its last row in `data_test_results`); the first run records the count and passes.
   */
  z.object({ kind: z.literal('row_count_change'), table: identifier, maxDecreasePct: percent.optional(), maxIncreasePct: z.number().min(0).optional(), ...common })
    .strict()
    .refine((t) => t.maxDecreasePct !== undefined || t.maxIncreasePct !== undefined, 'set maxDecreasePct, maxIncreasePct or both'),
  /** Open quarantined rows of `source` are at most `maxPct` % of its rows (loaded + open quarantined). */
  z.object({ kind: z.literal('quarantine_rate'), source, maxPct: percent, ...common }).strict(),
  /** The newest row `source` loaded (its channel's event time) is at most `maxAge` old, e.g. '2d'. */
  z.object({
    kind: z.literal('freshness'),
    source,
    maxAge: z.string().refine((s) => parseDuration(s) !== undefined, 'expected a duration such as "12h", "2d"'),
    ...common,
  }).strict(),
]);
export type DataTestConfig = z.infer<typeof DataTestConfig>;

/** A declared check with its name filled in. */
export type DataTest = DataTestConfig & { readonly name: string };

/** The name a test goes by: its own, else `<kind>_<table>[_<column>]` or `<kind>_<source>` (as dbt names generic tests). */
export function dataTestName(t: DataTestConfig): string {
  if (t.name) return t.name;
  if ('source' in t) return `${t.kind}_${t.source}`;
  return 'column' in t ? `${t.kind}_${t.table}_${t.column}` : `${t.kind}_${t.table}`;
}

/** `dataTests`: the list of checks; two with the same name are refused. */
export const DataTestsConfig = z
  .array(DataTestConfig)
  .default([])
  .superRefine((tests, ctx) => {
    const seen = new Set<string>();
    for (const [i, t] of tests.entries()) {
      const name = dataTestName(t);
      if (seen.has(name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `a second data test named "${name}": give one a "name"` });
      seen.add(name);
    }
  });
