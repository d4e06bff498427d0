// The `data_tests` step: runs the config's data tests after the transforms; a failing error-severity test fails it.
import { dataTestsFailed, namedDataTests, runDataTests } from '../data-tests/run-data-tests.js';
import type { Step } from '../runner/pipeline.js';
import { contractByName } from '../sources/contracts/index.js';

/**
 * Depends on every step present except exports, reports, other data checks and `retention` (which runs after it), so
 * it tests this run's tables.
 * Results go to `data_test_results` under the run id; a failed `warn` test is a run warning; a failed `error` test
 * (or one that cannot run) fails the step, so the steps that depend on it (the exports) are skipped, as in `dbt build`.
 */
export const dataTestsStep = (presentSteps: readonly string[]): Step => ({
  name: 'data_tests',
  dependsOn: presentSteps.filter((s) => !/^(export|report|check):/.test(s) && s !== 'retention'),
  retry: { attempts: 1 }, // a failing test is not transient
  async run({ warehouse, loaded, runId, log }) {
    const sources = loaded.config.sources;
    const results = await runDataTests(warehouse, namedDataTests(loaded.config.dataTests), {
      runId,
      now: new Date(),
      channelOf: (s) => (sources[s] ? contractByName(sources[s].channel) : undefined),
    });
    const failed = results.filter((r) => r.status === 'fail' || r.status === 'error');
    for (const r of results) log(`${r.status.toUpperCase()} ${r.test}: ${r.message}`);
    if (dataTestsFailed(results)) {
      throw new Error(`${failed.length} of ${results.length} data tests failed: ${failed.map((r) => `${r.test} (${r.message})`).join('; ')}; details: rapport test, or SELECT * FROM data_test_results WHERE run_id = '${runId}'`);
    }
    const warnings = results.filter((r) => r.status === 'warn').map((r) => ({ kind: 'data-test', subject: r.test, message: `${r.test}: ${r.message}` }));
    return { facts: { dataTests: results.length, dataTestsPassed: results.filter((r) => r.status === 'pass').length }, warnings };
  },
});
