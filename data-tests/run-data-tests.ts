// Runs the declared data tests against the warehouse and records each result in `data_test_results`.
import type { Warehouse } from '../warehouse/warehouse.js';
import { checkData, type CheckContext } from './check-data.js';
import { dataTestName, type DataTest, type DataTestConfig } from './data-tests-config.js';

/** pass; fail (severity error); warn (failed, severity warn); error (could not run, e.g. a missing table). */
export type DataTestStatus = 'pass' | 'fail' | 'warn' | 'error';

/** One test's result, as recorded in `data_test_results`. */
export interface DataTestResult {
  readonly test: string;
  readonly kind: DataTest['kind'];
  readonly severity: DataTest['severity'];
  readonly status: DataTestStatus;
  readonly failingRows: number | null;
  readonly observed: number | null;
  readonly message: string;
  readonly ms: number;
}

/** The declared tests with their names filled in, in config order. */
export function namedDataTests(declared: readonly DataTestConfig[]): DataTest[] {
  return declared.map((t) => ({ ...t, name: dataTestName(t) }));
}

/** Whether the results fail the run: a test that failed with severity error, or one that could not run. */
export function dataTestsFailed(results: readonly DataTestResult[]): boolean {
  return results.some((r) => r.status === 'fail' || r.status === 'error');
}

/**
 * Runs `tests` one after another, calling `onResult` as each ends, and records all results under `runId` (a
 * re-run of the same run id replaces its rows). A test that throws is recorded with status `error` and its
 * message; the others still run. `now` is passed in so freshness is repeatable.
 * @example const results = await runDataTests(wh, namedDataTests(config.dataTests), { runId, now: new Date(), channelOf });
 */
export async function runDataTests(
  wh: Warehouse,
  tests: readonly DataTest[],
  options: Omit<CheckContext, 'previousCount'> & { readonly runId: string; readonly onResult?: (r: DataTestResult, index: number) => void },
): Promise<DataTestResult[]> {
  const previous = await previousCounts(wh, options.runId);
  const results: DataTestResult[] = [];
  for (const [i, t] of tests.entries()) {
    const started = performance.now();
    let result: Omit<DataTestResult, 'ms'>;
    try {
      const o = await checkData(wh, t, { now: options.now, channelOf: options.channelOf, ...(previous.has(t.name) ? { previousCount: previous.get(t.name)! } : {}) });
      const status = o.passed ? 'pass' : t.severity === 'warn' ? 'warn' : 'fail';
      result = { test: t.name, kind: t.kind, severity: t.severity, status, failingRows: o.failingRows, observed: o.observed, message: o.message };
    } catch (error) {
      const message = (error as Error).message.split('\n')[0]!.replace(/^(DuckDB query failed: )?(Catalog|Binder) Error: /, '');
      result = { test: t.name, kind: t.kind, severity: t.severity, status: 'error', failingRows: null, observed: null, message };
    }
    const done = { ...result, ms: Math.round(performance.now() - started) };
    results.push(done);
    options.onResult?.(done, i);
  }
  await wh.transaction(async () => {
    await wh.run('DELETE FROM data_test_results WHERE run_id = $1', [options.runId]); // a retried step replaces its results
    for (const r of results) {
      await wh.run('INSERT INTO data_test_results VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
        [options.runId, r.test, r.kind, r.severity, r.status, r.failingRows, r.observed, r.message, options.now]);
    }
  });
  return results;
}

/** The row count each row_count_change test observed when it last ran (before this run), by test name. */
async function previousCounts(wh: Warehouse, runId: string): Promise<Map<string, number>> {
  const rows = await wh.all<{ test: string; observed: number }>(
    `SELECT test, observed FROM data_test_results
     WHERE kind = 'row_count_change' AND status <> 'error' AND observed IS NOT NULL AND run_id <> $1
     QUALIFY row_number() OVER (PARTITION BY test ORDER BY tested_at DESC, rowid DESC) = 1`, [runId]); // rowid: the later of two runs with one clock reading
  return new Map(rows.map((r) => [r.test, r.observed]));
}
