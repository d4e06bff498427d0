// Every shell command in README.md is accounted for: run here as written (against a project built from the default
// sample, the way `npm start` builds it) or named with the reason it is not and the test that covers it instead. A
// command added to the README without an entry below fails this test.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath } from '../reports/chromium.js';

const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'bin', 'rapport.js');
const exec = promisify(execFile);

/** Run here: the exit code and, optionally, a pattern stdout must match. */
interface Run { readonly code: number; readonly out?: RegExp }
/** Not run here: why, and the test file that covers the command instead (if any). */
interface Elsewhere { readonly why: string; readonly coveredBy?: string }

const hasChromium = existsSync(chromiumPath());

/** README command (comments stripped, continuation lines joined) -> what this test does with it, in run order. */
const plan = new Map<string, Run | Elsewhere>([
  ['npm install', { why: 'installs the dependencies this test runs with' }],
  ['npm start', { code: 0 }], // its two commands, from package.json, build the project the other commands run against
  ['npm test', { why: 'the test suite itself' }],
  ['npm run typecheck', { why: 'tsc; .ci/run and every commit run it' }],
  ['npx rapport segments', { code: 0, out: /^At Risk\s+rfm\s+129\s+102\s+2026-11-01 /m }],
  ['npx rapport export segment "At Risk" --format csv --out data/exports/my-at-risk.csv', { code: 0, out: /: 102 rows -> / }],
  ['npx rapport customer priya_ferrari1949@icloud.com', { code: 0, out: /^customer cus_\w+\n {2}primary_email +priya_ferrari1949@icloud\.com$/m }],
  ['npx rapport report kpi --out reports/out/weekly', { code: 0, out: /^KPI report for 2026-10-19 to 2026-10-25 \(as of 2026-11-01\)/ }],
  ['rapport report kpi', { code: 0 }],
  ['rapport report kpi --period month --as-of 2026-11-01 --out reports/out/october --pdf', { code: hasChromium ? 0 : 1 }],
  ['npx rapport export segment "At Risk" --out data/exports/at-risk-excel.csv --bom', { code: 0 }],
  ['npx rapport export segment at-risk --format parquet --out data/exports/at-risk.parquet', { code: 0 }],
  ['npx rapport export segment "Valuable at risk" --out data/exports/v.arrow --columns customer_id,primary_email,predicted_clv_12m', { code: 0, out: /: 13 rows -> / }],
  ['npx rapport export segment "At Risk" --hashed --platform meta --out data/exports/at-risk-meta.csv', { code: 0 }],
  ['npx rapport export segment "At Risk" --since-last --out data/exports/at-risk-changes.csv', { code: 0 }],
  ['npx rapport export segment "At Risk" --key account --out data/exports/at-risk-by-account.csv', { code: 0, out: /: \d+ rows -> / }],
  ['rapport quarantine export --source email --out data/fixes.csv', { code: 0, out: /^exported 333 open quarantined rows of email/ }],
  // Unedited, every row still fails its contract: the command says so and exits 1.
  ['rapport quarantine import data/fixes.csv --source email', { code: 1, out: /^re-loaded 0 rows of email .*; 333 still failing/ }],
  ["echo -n 'correct horse battery' | npx rapport serve --hash-password", { code: 0, out: /^scrypt\$16384\$8\$1\$\S+$/m }],
  ['npx rapport check', { code: 0, out: /^source orders \(orders\): read 5273 = would load 5216 \+ quarantine 29 \+ merge 28 duplicates$/m }],
  ['npx rapport test', { code: 0, out: /^Done: passed\. PASS=9 WARN=0 FAIL=0 ERROR=0 TOTAL=9$/m }],
  ['npx rapport reset --yes', { code: 0, out: /^removed .*data\/warehouse\.duckdb;/ }], // last: it removes the warehouse
  ['npx rapport init --orders shop-orders.csv', { why: 'needs a shop\'s own orders file and an empty folder', coveredBy: 'tests/cli/init.test.ts' }],
  ['npx rapport schedule', { why: 'runs until stopped', coveredBy: 'tests/cli/schedule.test.ts' }],
  ['npx rapport serve', { why: 'runs until stopped', coveredBy: 'tests/web/browser.test.ts' }],
  ['rapport serve', { why: 'runs until stopped', coveredBy: 'tests/web/browser.test.ts' }],
  ['rapport serve --port 8080 --host 0.0.0.0 --with-scheduler', { why: 'runs until stopped, on a fixed port', coveredBy: 'tests/web/app.test.ts' }],
  [`mkdir -p /tmp/api && echo '[{"id":"e1","type":"open","recipient":{"email":"ann@example.com"},"at":"2026-03-01T10:00:00Z"}]' > /tmp/api/events.json`,
    { why: 'the HTTP source walk-through: a local API and a config with an "esp" source', coveredBy: 'tests/sources/http/http-source.test.ts' }],
  ['(cd /tmp/api && python3 -m http.server 8765 --bind 127.0.0.1 &)', { why: 'starts a server left running', coveredBy: 'tests/sources/http/http-source.test.ts' }],
  ['npx rapport extract esp', { why: 'needs the "esp" source of the walk-through', coveredBy: 'tests/sources/http/http-source.test.ts' }],
  [`createdb shop && psql shop -c "CREATE TABLE order_lines AS SELECT 'o1' AS order_id, 1 AS line_no, 'completed' AS status, 'EUR' AS currency, 2 AS quantity, 9.99 AS unit_price, 19.98 AS amount, now() AS ordered_at, now() AS updated_at"`,
    { why: 'needs a running PostgreSQL server', coveredBy: 'tests/sources/postgres/postgres-source.test.ts' }],
  ['export SHOP_DB_URL=postgresql://$USER@localhost:5432/shop', { why: 'part of the PostgreSQL walk-through', coveredBy: 'tests/sources/postgres/postgres-source.test.ts' }],
  ['npx rapport extract shop', { why: 'needs a running PostgreSQL server', coveredBy: 'tests/sources/postgres/postgres-source.test.ts' }],
  ['npm run example:online-retail', { why: 'needs the Online Retail data set beside the repository and minutes', coveredBy: 'tests/examples/online-retail.test.ts' }],
  ['npx rapport clv fit --transactions ../shared/datasets/cdnow/CDNOW_master.txt --delimiter whitespace --customer customer_id --date date --date-format %Y%m%d --amount dollar_value --calibration-end 1997-09-30 --holdout-end 1998-06-30',
    { why: 'needs the CDNOW data set beside the repository', coveredBy: 'tests/cli/clv.test.ts' }],
  ['npx rapport clv fit --transactions ../shared/datasets/cdnow/CDNOW_master.txt --delimiter whitespace --customer customer_id --date date --date-format %Y%m%d --amount dollar_value --calibration-end 1997-09-30 --predictions data/cdnow-predictions.csv --horizon 273 --new-customer-horizons 30,90,365',
    { why: 'needs the CDNOW data set beside the repository', coveredBy: 'tests/cli/clv-predictions-file.test.ts' }],
  ['npx rapport export segment "At Risk" --since-last --webhook https://crm.example/hooks/audience --webhook-token-env CRM_TOKEN',
    { why: 'needs a CRM endpoint and its token', coveredBy: 'tests/sinks/webhook.test.ts' }],
  ['npm run bench -- --scale 10k|100k|1m [--runs N]', { why: 'a benchmark, minutes to hours', coveredBy: 'tests/bench/run.test.ts' }],
  ['npx tsx bench/profile-load.ts bench/out/sample-10000-seed42 email', { why: 'a profiling tool on a benchmark sample' }],
  ['npx tsx bench/profile-identities.ts load|run ...', { why: 'a profiling tool on a benchmark sample' }],
  ['npx tsx bench/clv-fit.ts', { why: 'a benchmark of the CLV fit up to 1M customers' }],
  ['npm run docs:screenshot', { why: 'rewrites docs/kpi-report.png' }],
  ['npm run docs:tables', { why: 'rewrites docs/tables.md', coveredBy: 'tests/docs/tables.test.ts' }],
  ['bash .ci/run', { why: 'CI: installs Debian packages and npm dependencies, then runs this suite' }],
]);

/** The commands in the README's ```sh blocks: comments dropped, `\` and indented continuation lines joined. */
function readmeCommands(markdown: string): string[] {
  const out: string[] = [];
  for (const [, body] of markdown.matchAll(/```sh\n([\s\S]*?)```/g)) {
    let continues = false;
    for (const raw of body!.split('\n')) {
      const line = raw.replace(/\s+#\s.*$/, '').trimEnd();
      if (line.trim() === '' || line.trim().startsWith('#')) continue;
      if ((continues || /^\s/.test(line)) && out.length > 0) out[out.length - 1] = `${out.at(-1)!} ${line.trim().replace(/\\$/, '').trim()}`.trim();
      else out.push(line.replace(/\\$/, '').trim());
      continues = line.endsWith('\\');
    }
  }
  return [...new Set(out)];
}

let project: string;
let startOutput = '';
/** Runs `command` with bash in the project folder, `rapport` being this repository's bin. */
async function sh(command: string): Promise<{ code: number; out: string; err: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(VITEST|RAPPORT_WAREHOUSE$)/.test(k)));
  const script = `rapport() { node ${JSON.stringify(bin)} "$@"; }; npx() { [ "$1" = rapport ] && shift; rapport "$@"; }; ${command}`;
  try {
    const { stdout, stderr } = await exec('bash', ['-c', script], { cwd: project, env, timeout: 600_000 });
    return { code: 0, out: stdout, err: stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout, err: e.stderr };
  }
}

beforeAll(async () => {
  project = await mkdtemp(path.join(os.tmpdir(), 'rapport-readme-'));
  await copyFile(path.join(root, 'rapport.config.ts'), path.join(project, 'rapport.config.ts'));
  // `npm start` as package.json defines it, with `tsx cli/entry.ts` being the rapport command.
  const { scripts } = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  expect(scripts.start).toBe('tsx cli/entry.ts sample --if-missing && tsx cli/entry.ts run daily');
  const start = await sh(scripts.start!.replaceAll('tsx cli/entry.ts', 'rapport'));
  expect(start.code, start.err).toBe(0);
  startOutput = start.out;
}, 900_000); // the default 2,000-customer sample: minutes on a busy 2-core machine
afterAll(async () => { await rm(project, { recursive: true, force: true }); });

describe('README commands', () => {
  it('are all listed in this test, and this test lists no command the README lost', async () => {
    const commands = readmeCommands(await readFile(path.join(root, 'README.md'), 'utf8'));
    expect([...commands].sort()).toEqual([...plan.keys()].sort());
    for (const entry of plan.values()) if ('coveredBy' in entry && entry.coveredBy) expect(existsSync(path.join(root, entry.coveredBy)), entry.coveredBy).toBe(true);
  });

  it('npm start prints the summary the Quickstart shows, on the default sample', async () => {
    const readme = await readFile(path.join(root, 'README.md'), 'utf8');
    const shown = /and prints a summary like:\n\n```\n([\s\S]*?)```/.exec(readme)![1]!;
    const normalise = (text: string) => text.trim().split('\n').slice(-8)
      .map((l) => l.replaceAll(project, '/path/to/rapport').replace(/daily-\d{8}T\d{6}-[0-9a-f]{6}/, 'daily-RUN'));
    expect(normalise(startOutput)).toEqual(normalise(shown));
  });

  it('run as written against that project, exiting as documented, writing --out files only where git ignores them', async () => {
    for (const [command, entry] of plan) {
      if (!('code' in entry) || command === 'npm start') continue;
      const r = await sh(command);
      expect(r.code, `${command}\n${r.out}\n${r.err}`).toBe(entry.code);
      if (entry.out) expect(r.out, command).toMatch(entry.out);
      const out = /--out (\S+)/.exec(command)?.[1];
      if (out) {
        expect(existsSync(path.join(project, out)), `${command} wrote ${out}`).toBe(true);
        const ignored = await exec('git', ['check-ignore', '-q', out], { cwd: root }).then(() => true, () => false);
        expect(ignored, `${out} is git-ignored in the repository`).toBe(true);
      }
    }
    expect(existsSync(path.join(project, 'data', 'warehouse.duckdb'))).toBe(false); // after rapport reset --yes
  }, 900_000);
});
