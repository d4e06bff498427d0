// `rapport test`: runs the data tests declared under `dataTests` in the config, like `dbt test`; exits 1 on a failure.
import { counted } from '../../data-tests/check-data.js';
import { namedDataTests, runDataTests, dataTestsFailed, type DataTestResult } from '../../data-tests/run-data-tests.js';
import { channelByName } from '../../sources/contracts/index.js';
import { openWarehouse } from '../../warehouse/warehouse.js';
import { commandConfig } from '../command-config.js';
import { UsageError, type Command } from '../command.js';
import { alignedLine } from '../step-log.js';

const LABEL = { pass: 'PASS', fail: 'FAIL', warn: 'WARN', error: 'ERROR' } as const;
const COLOUR = { PASS: 32, FAIL: 31, WARN: 33, ERROR: 31 } as const;

export const testCommand: Command = {
  name: 'test',
  summary: 'Run the data tests declared under dataTests in the config (like dbt test); exit 1 when one fails',
  help: `Usage: rapport test [--select NAMES] [--json] [--config FILE]

Runs each data test of the config's "dataTests" (not_null, unique, accepted_values, row_count_change,
quarantine_rate, freshness) against the warehouse and prints one line per test (PASS, FAIL, WARN or ERROR),
then what failed and a summary. Every result is recorded in the warehouse table data_test_results under a run id
"test-<time>". Exits 1 when a test with severity "error" (the default) fails or a test cannot run (e.g. its
table is missing), else 0: a failing test with severity "warn" only warns.

Options:
  --select NAMES  Run only these tests (comma-separated or repeated), by name as listed by a plain run.
  --json          Print one JSON object: run id, status (pass | fail) and every result.
  --config FILE   Config file (default: rapport.config.ts in the current folder).

Example: rapport test --select unique_customer_360_customer_id`,
  options: { select: { type: 'string', multiple: true }, json: { type: 'boolean' }, config: { type: 'string' } },
  async run({ values }, io) {
    const loaded = await commandConfig(values, io);
    const declared = namedDataTests(loaded.config.dataTests);
    const wanted = ((values.select as string[] | undefined) ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
    for (const name of wanted) {
      if (!declared.some((t) => t.name === name)) throw new UsageError(`no data test "${name}": expected one of ${declared.map((t) => t.name).join(', ') || '(none declared)'}`);
    }
    const tests = wanted.length > 0 ? declared.filter((t) => wanted.includes(t.name)) : declared;
    const json = values.json === true;
    if (tests.length === 0) {
      if (json) io.out(JSON.stringify({ runId: null, status: 'pass', results: [] }));
      else io.out('no data tests declared: add "dataTests" to the config (see docs/operations.md, "Data tests")');
      return 0;
    }
    const runId = `test-${new Date().toISOString().replace(/[-:.]/g, '')}`;
    const tty = !json && process.stdout.isTTY === true;
    const paint = (label: string) => (tty ? `\x1b[${COLOUR[label as keyof typeof COLOUR]}m${label}\x1b[0m` : label);
    const sources = loaded.config.sources;
    const warehouse = await openWarehouse(loaded.warehouse);
    let results: DataTestResult[];
    try {
      if (!json) io.out(`Running ${tests.length} data tests (run ${runId})`);
      results = await runDataTests(warehouse, tests, {
        runId,
        now: new Date(),
        channelOf: (s) => (sources[s] ? channelByName(sources[s].channel) : undefined),
        onResult: (r, i) => { if (!json) io.out(alignedLine(i + 1, tests.length, LABEL[r.status], r.test, detail(r), paint)); },
      });
    } finally {
      warehouse.close();
    }
    const failed = dataTestsFailed(results);
    if (json) {
      io.out(JSON.stringify({ runId, status: failed ? 'fail' : 'pass', results }));
      return failed ? 1 : 0;
    }
    for (const [title, statuses] of [['Failures', ['fail', 'error']], ['Warnings', ['warn']]] as const) {
      const listed = results.filter((r) => (statuses as readonly string[]).includes(r.status));
      if (listed.length > 0) io.out(`\n${title}:\n${listed.map((r) => `  ${r.test}: ${r.message}`).join('\n')}`);
    }
    const count = (s: DataTestResult['status']) => results.filter((r) => r.status === s).length;
    io.out(`\nDone: ${failed ? 'failed' : 'passed'}. PASS=${count('pass')} WARN=${count('warn')} FAIL=${count('fail')} ERROR=${count('error')} TOTAL=${results.length}`);
    return failed ? 1 : 0;
  },
};

function detail(r: DataTestResult): string {
  const time = `${(r.ms / 1000).toFixed(1)} s`;
  if (r.status === 'error') return `ERROR in ${time}`;
  return r.status !== 'pass' && r.failingRows ? `${counted(r.failingRows, 'row')}, ${time}` : time;
}
