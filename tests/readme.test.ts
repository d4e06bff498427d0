// Every shell command shown in README.md and docs/*.md is accounted for: run here as written (against a project built
// from the default sample the way `npm start` builds it, or, for docs/your-own-data.md's worked example, in a copy of
// its example folder) or named with the reason it is not and the test that covers it instead. A page that shows a
// command this file does not know fails with the entry to add; so does a page in docs/ missing from the README's list,
// and a link to a file or heading that does not exist.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumForTests } from './helpers/chromium-for-tests.js';

const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'bin', 'rapport.js');
const exec = promisify(execFile);

/** Run here: the exit code, optionally a pattern stdout must match, and a system package it needs (skipped without). */
interface Run { readonly code: number; readonly out?: RegExp; readonly needs?: 'chromium' }
/** Not run here: why, and the test file that covers the command instead (if any). */
interface Elsewhere { readonly why: string; readonly coveredBy?: string }

// Commands that need Chromium follow the browser tests' rule: skipped with one printed line, a failure under CI=true.
const chromium = chromiumForTests('README/docs commands that need Chromium');

/** README.md and every page in docs/ (pages other sessions add join by being there). */
const pages = () => ['README.md', ...readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
const read = (page: string) => readFileSync(path.join(root, page), 'utf8');

/** Shell command (comments stripped, continuation lines joined) -> what this test does with it, in run order. */
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
  ['rapport report kpi --period month --as-of 2026-11-01 --out reports/out/october --pdf', { code: 0, needs: 'chromium' }],
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
  ['npx rapport test', { code: 0, out: /^Done: passed\. PASS=11 WARN=0 FAIL=0 ERROR=0 TOTAL=11$/m }],
  ['npx rapport recommend build --count 5', { code: 0, out: /^product_recommendations as of \d{4}-\d{2}-\d{2}: \d+ rows for \d+ customers/ }],
  ['npx rapport recommend evaluate --train-before 2011-09-01 --k 10 --config examples/online-retail/rapport.config.ts',
    { why: 'needs the Online Retail warehouse (npm run example:online-retail)', coveredBy: 'tests/cli/recommend.test.ts' }],
  ['npx rapport recommend evaluate --train-before 2011-09-01 --k 10 --exclude-days 3650 --config examples/online-retail/rapport.config.ts',
    { why: 'needs the Online Retail warehouse (npm run example:online-retail)', coveredBy: 'tests/cli/recommend.test.ts' }],
  ['npx rapport recommend evaluate --train-before 2011-06-01 --test-before 2011-09-01 --k 10 --config examples/online-retail/rapport.config.ts',
    { why: 'needs the Online Retail warehouse (npm run example:online-retail)', coveredBy: 'tests/cli/recommend.test.ts' }],
  // docs/reports.md: run as written, in a project of their own, by its page test.
  ['rapport report kpi --out reports/out/kpi', { why: 'docs/reports.md, run with its note file', coveredBy: 'tests/docs/reports-page.test.ts' }],
  ["printf 'Revenue rose with the autumn sale.\\n\\nEmail sends were paused for a week.\\n' > note.txt", { why: 'docs/reports.md: writes the commentary file', coveredBy: 'tests/docs/reports-page.test.ts' }],
  ['rapport report kpi --period month --sections revenue-orders,customers,churn-rate --commentary note.txt --out reports/out/kpi-board --pdf', { why: 'docs/reports.md, needs the note file', coveredBy: 'tests/docs/reports-page.test.ts' }],
  // docs/operations.md: the everyday commands, on the same project.
  ['npx rapport runs --limit 5', { code: 0, out: /^run +pipeline +trigger +status/ }],
  ['npx rapport run daily --select rfm_segments+ --no-report', { code: 0, out: /^run daily-\S+: success$/m }],
  ['npx rapport extract orders', { code: 0, out: /^ {2}rows read 0 = loaded 0 \+ quarantined 0 \+ duplicates merged 0$/m }],
  ['npx rapport backfill daily --from 2026-10-31 --to 2026-10-31', { code: 0, out: /^2026-10-31: success .*\n.*current tables rebuilt as of the latest as-of/m }],
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
  ['npm run docs:reference', { why: 'rewrites docs/commands.md and docs/configuration.md', coveredBy: 'tests/docs/reference.test.ts' }],
  ['bash .ci/run', { why: 'CI: installs Debian packages and npm dependencies, then runs this suite' }],
]);


/**
 * docs/your-own-data.md's worked example, run in this order in a temporary folder holding a copy of
 * examples/your-own-data/ (as the repository does), following its `cd`.
 */
const guide: readonly (readonly [string, Run])[] = [
  ['mkdir -p data/my-shop && cp examples/your-own-data/*.csv data/my-shop/', { code: 0 }],
  ['cd data/my-shop', { code: 0 }],
  ['npx rapport init --orders shop-orders.csv --email esp-events.csv --social social-export.csv', { code: 0, out: /^wrote \S+\/data\/my-shop\/rapport\.config\.ts for orders, email, social$/m }],
  [`sed -i "s/'EUR'/'GBP'/" rapport.config.ts`, { code: 0 }],
  ['npx rapport check', { code: 0, out: /^source email \(email\): read 20 = would load 19 \+ quarantine 1 \+ merge 0 duplicates\n {2}would quarantine 1: event_type: expected one of send, delivered, open, click, bounce, unsubscribe, complaint, got "dropped"/m }],
  ['npx rapport run daily', { code: 0, out: /^ {2}rows read 47, loaded 46, quarantined 1, duplicates merged 0\n {2}customers 10, segments 6, as of 2026-10-15$/m }],
  ['npx rapport segments', { code: 0, out: /^At Risk +rfm +2 +2 +2026-10-15 /m }],
  ['npx rapport export segment "At Risk" --out at-risk.csv', { code: 0, out: /: 2 rows -> \S+\/data\/my-shop\/at-risk\.csv$/m }],
  ['npx rapport report kpi', { code: 0, out: /^KPI report for 2026-10-05 to 2026-10-11 \(as of 2026-10-15\)/ }],
];

/** The commands in a page's ```sh blocks: comments dropped, `\\` and indented continuation lines joined. */
function shCommands(markdown: string): string[] {
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

/** GitHub's anchors of a page's headings: lower case, punctuation dropped, spaces as dashes (repeats get -1, -2, ...). */
function anchors(markdown: string): Set<string> {
  const counts = new Map<string, number>();
  const out = new Set<string>();
  for (const line of markdown.replace(/```[\s\S]*?```/g, '').split('\n')) {
    const heading = /^#{1,6} (.*)$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const slug = heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replaceAll(' ', '-');
    const n = counts.get(slug) ?? 0;
    counts.set(slug, n + 1);
    out.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return out;
}

/** Runs `command` with bash in `cwd`, `rapport` (and `npx rapport`) being this repository's bin. */
async function sh(command: string, cwd: string): Promise<{ code: number; out: string; err: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(VITEST|RAPPORT_WAREHOUSE$)/.test(k)));
  const script = `rapport() { node ${JSON.stringify(bin)} "$@"; }; npx() { [ "$1" = rapport ] && shift; rapport "$@"; }; ${command}`;
  try {
    const { stdout, stderr } = await exec('bash', ['-c', script], { cwd, env, timeout: 600_000 });
    return { code: 0, out: stdout, err: stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout, err: e.stderr };
  }
}

/** Runs one planned command and checks its exit code, its output and that an --out file landed where git ignores it. */
async function runAsPlanned(command: string, entry: Run, cwd: string, repoRelative: (file: string) => string): Promise<{ out: string }> {
  const r = await sh(command, cwd);
  expect(r.code, `${command}\n${r.out}\n${r.err}`).toBe(entry.code);
  if (entry.out) expect(r.out, command).toMatch(entry.out);
  const out = /--out (\S+)/.exec(command)?.[1];
  if (out) {
    expect(existsSync(path.join(cwd, out)), `${command} wrote ${out}`).toBe(true);
    const ignored = await exec('git', ['check-ignore', '-q', repoRelative(path.join(cwd, out))], { cwd: root }).then(() => true, () => false);
    expect(ignored, `${out} is git-ignored in the repository`).toBe(true);
  }
  return r;
}

describe('commands shown in README.md and docs/*.md', () => {
  it('are all accounted for here, and this test lists no command the pages lost', () => {
    const shown = new Map<string, string[]>();
    for (const page of pages()) for (const c of shCommands(read(page))) shown.set(c, [...(shown.get(c) ?? []), page]);
    const known = new Set([...plan.keys(), ...guide.map(([c]) => c)]);
    const unknown = [...shown].filter(([c]) => !known.has(c)).map(([c, where]) => `${where.join(', ')}: ${c}\n`
      + `  add to \`plan\` in tests/readme.test.ts, in run order: [${JSON.stringify(c)}, { code: 0, out: /what it prints/ }] to run it on the `
      + `sample project, or [${JSON.stringify(c)}, { why: 'why it is not run here', coveredBy: 'tests/<the test that runs it>.test.ts' }]`);
    expect(unknown, `commands shown in the docs that this test neither runs nor accounts for:\n${unknown.join('\n')}`).toEqual([]);
    expect([...known].filter((c) => !shown.has(c)), 'commands listed here that no page shows any more: remove them').toEqual([]);
    for (const entry of plan.values()) if ('coveredBy' in entry && entry.coveredBy) expect(existsSync(path.join(root, entry.coveredBy)), entry.coveredBy).toBe(true);
    const inGuide = shCommands(read('docs/your-own-data.md'));
    expect(inGuide.slice(0, guide.length), 'the worked example, in the order docs/your-own-data.md shows it').toEqual(guide.map(([c]) => c));
  });

  it('are complemented by a README list of every page in docs/', () => {
    const readme = read('README.md');
    const unlisted = pages().filter((p) => p.startsWith('docs/') && p !== 'docs/README.md' && !readme.includes(`](${p})`)).map((p) => {
      const title = /^# (.*)$/m.exec(read(p))?.[1] ?? path.basename(p, '.md');
      return `${p} is not in README.md's "Documentation" list: add the line "- [${title}](${p}): <what it covers, in a few words>."`;
    });
    expect(unlisted, unlisted.join('\n')).toEqual([]);
    expect(readme).toContain('](BENCHMARKS.md)');
  });

  it('link only to files and headings that exist (README.md and docs/*.md)', () => {
    const broken: string[] = [];
    for (const page of pages()) {
      const text = read(page).replace(/```[\s\S]*?```/g, '');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^(https?|mailto):/.test(target!)) continue;
        const [file, anchor] = target!.split('#') as [string, string | undefined];
        const resolved = file === '' ? path.join(root, page) : path.resolve(path.dirname(path.join(root, page)), file);
        if (!existsSync(resolved)) broken.push(`${page}: ${target} (no such file)`);
        else if (anchor && resolved.endsWith('.md') && !anchors(readFileSync(resolved, 'utf8')).has(anchor)) broken.push(`${page}: ${target} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe('on a project built by npm start from the default sample', () => {
  let project: string;
  let startOutput = '';

  beforeAll(async () => {
    project = await mkdtemp(path.join(os.tmpdir(), 'rapport-readme-'));
    await copyFile(path.join(root, 'rapport.config.ts'), path.join(project, 'rapport.config.ts'));
    // `npm start` as package.json defines it, with `tsx cli/entry.ts` being the rapport command.
    const { scripts } = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.start).toBe('tsx cli/entry.ts sample --if-missing && tsx cli/entry.ts run daily');
    const start = await sh(scripts.start!.replaceAll('tsx cli/entry.ts', 'rapport'), project);
    expect(start.code, start.err).toBe(0);
    startOutput = start.out;
  }, 900_000); // the default 2,000-customer sample: minutes on a busy 2-core machine
  afterAll(async () => { await rm(project, { recursive: true, force: true }); });

  it('npm start prints the summary the Quickstart shows', () => {
    const shown = /and prints a summary like:\n\n```\n([\s\S]*?)```/.exec(read('README.md'))![1]!;
    const normalise = (text: string) => text.trim().split('\n').slice(-8)
      .map((l) => l.replaceAll(project, '/path/to/rapport').replace(/daily-\d{8}T\d{6}-[0-9a-f]{6}/, 'daily-RUN'));
    expect(normalise(startOutput)).toEqual(normalise(shown));
  });

  it('the commands run as written against it, exiting as documented, writing --out files only where git ignores them', async () => {
    for (const [command, entry] of plan) {
      if (!('code' in entry) || command === 'npm start') continue;
      if (entry.needs === 'chromium' && !chromium.available) continue; // said once above; a failure under CI
      await runAsPlanned(command, entry, project, (file) => path.relative(project, file));
    }
    expect(existsSync(path.join(project, 'data', 'warehouse.duckdb'))).toBe(false); // after rapport reset --yes
  }, 1_500_000);
});

describe('docs/your-own-data.md, the worked example', () => {
  let repo: string;
  beforeAll(async () => {
    repo = await mkdtemp(path.join(os.tmpdir(), 'rapport-own-data-'));
    const examples = path.join(repo, 'examples', 'your-own-data');
    await mkdir(examples, { recursive: true });
    for (const f of readdirSync(path.join(root, 'examples', 'your-own-data'))) await copyFile(path.join(root, 'examples', 'your-own-data', f), path.join(examples, f));
  });
  afterAll(async () => { await rm(repo, { recursive: true, force: true }); });

  it('runs as written (rapport init, one edit, rapport check, rapport run daily, then the outputs) and prints what it shows', async () => {
    // The page's output blocks (fences without a language), read fence by fence.
    const blocks = read('docs/your-own-data.md').split(/^```/m).filter((_, i) => i % 2 === 1)
      .filter((b) => b.startsWith('\n')).map((b) => b.trim());
    let cwd = repo;
    for (const [command, entry] of guide) {
      const cd = /^cd (\S+)$/.exec(command)?.[1];
      if (cd) {
        cwd = path.resolve(cwd, cd);
        expect(existsSync(cwd), command).toBe(true);
        continue;
      }
      const { out } = await runAsPlanned(command, entry, cwd, (file) => path.relative(repo, file));
      const asShown = out.replaceAll(repo, '/path/to/rapport').trim();
      if (command.startsWith('npx rapport init')) expect(blocks).toContain(asShown);
      if (command === 'npx rapport check') {
        const shown = blocks.find((b) => b.startsWith('source orders (orders)'))!;
        for (const line of shown.split('\n')) expect(asShown.split('\n'), line).toContain(line);
      }
    }
    // The config is the one init wrote, after the one edit.
    const config = await readFile(path.join(cwd, 'rapport.config.ts'), 'utf8');
    expect(config).toContain(`currency: { sql: "'GBP'" }, // CHECK: no currency column`);
    expect(config).toContain("order_id: 'Order Number',");
    expect(config).toContain("warehouse: 'rapport.duckdb'");
  }, 600_000);
});
