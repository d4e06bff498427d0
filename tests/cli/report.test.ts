// Tests `rapport report kpi`: options, defaults from the config, usage errors, and the message when Chromium is missing.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { openWarehouse } from '../../warehouse/warehouse.js';
import { loadKpiFixture } from '../helpers/kpi-fixture.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rapport-cli-'));
  const wh = await openWarehouse(path.join(dir, 'warehouse.duckdb'));
  try {
    await loadKpiFixture(wh);
  } finally {
    wh.close();
  }
  await writeFile(path.join(dir, 'rapport.config.mjs'), `export default { warehouse: 'warehouse.duckdb', outputs: { reports: 'out' }, sources: {} };\n`);
});
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

async function rapport(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l), env, cwd: dir });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('rapport report kpi', () => {
  it('writes the monthly report into --out for the given as-of date', async () => {
    const r = await rapport(['report', 'kpi', '--period', 'month', '--as-of', '2026-03-02', '--out', 'monthly', '--config', 'rapport.config.mjs']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`KPI report for February 2026 (as of 2026-03-02) -> ${path.join(dir, 'monthly', 'index.html')}`);
    expect(r.out).toContain('churn-rate: Not computed yet: the churn_metrics table does not exist');
    const html = await readFile(path.join(dir, 'monthly', 'index.html'), 'utf8');
    expect(html).toContain('<b>Month: February 2026</b> compared with January 2026');
    expect(existsSync(path.join(dir, 'monthly', 'revenue-orders.vl.json'))).toBe(true);
  });

  it('defaults to the last week before the day after the latest order, in <outputs.reports>/kpi', async () => {
    const r = await rapport(['report', 'kpi', '--config', 'rapport.config.mjs']);
    expect(r.code).toBe(0);
    // The latest order is on 2026-03-02, so the as-of date is 2026-03-03 and the last complete week ended on 2026-03-01.
    expect(r.out).toContain(`KPI report for 2026-02-23 to 2026-03-01 (as of 2026-03-03) -> ${path.join(dir, 'out', 'kpi', 'index.html')}`);
  });

  it('exits 1 without writing when --as-of differs from the as-of the analytics were built for, unless --allow-mismatch', async () => {
    // The fixture's analytics tables were built as of 2026-03-02.
    const r = await rapport(['report', 'kpi', '--as-of', '2026-02-20', '--out', 'old', '--config', 'rapport.config.mjs']);
    expect(r.code).toBe(1);
    expect(r.err).toBe('rapport: report kpi: --as-of 2026-02-20 does not match the warehouse, whose analytics tables were built as of 2026-03-02; '
      + 'nothing was written. Run rapport run daily --as-of 2026-02-20 first, report as of 2026-03-02, or pass --allow-mismatch.');
    expect(existsSync(path.join(dir, 'old'))).toBe(false);
    const allowed = await rapport(['report', 'kpi', '--as-of', '2026-02-20', '--out', 'old', '--allow-mismatch', '--config', 'rapport.config.mjs']);
    expect(allowed.code).toBe(0);
    expect(await readFile(path.join(dir, 'old', 'index.html'), 'utf8'))
      .toContain('analytics tables were built as of 2026-03-02; run the pipeline with --as-of 2026-02-20 to match');
  });

  it('leaves out the channels the config does not load, as the daily step does (an orders-only shop)', async () => {
    // The warehouse has email and social rows, but the config loads orders only.
    await writeFile(path.join(dir, 'orders-only.mjs'), `export default { warehouse: 'warehouse.duckdb', outputs: { reports: 'out' },
      sources: { shop: { connector: 'file', channel: 'orders', path: 'orders.csv' } } };\n`);
    const r = await rapport(['report', 'kpi', '--out', 'shop', '--config', 'orders-only.mjs']);
    expect([r.code, r.err]).toEqual([0, '']);
    const html = await readFile(path.join(dir, 'shop', 'index.html'), 'utf8');
    expect(html).toContain('id="revenue-orders"');
    expect(html).not.toContain('id="email-funnel"');
    expect(html).not.toContain('id="social-engagement"');
    // Without sources in the config, the channels with data are shown.
    const all = await rapport(['report', 'kpi', '--out', 'all', '--config', 'rapport.config.mjs']);
    expect(all.code).toBe(0);
    expect(await readFile(path.join(dir, 'all', 'index.html'), 'utf8')).toContain('id="email-funnel"');
  });

  it('shows only the --sections asked for, with the analyst\'s --commentary under the summary', async () => {
    await writeFile(path.join(dir, 'note.txt'), 'Revenue rose with the <sale>.\n\nEmail paused.\n');
    const r = await rapport(['report', 'kpi', '--sections', 'revenue-orders,customers', '--commentary', 'note.txt', '--out', 'short', '--config', 'rapport.config.mjs']);
    expect([r.code, r.err]).toEqual([0, '']);
    const html = await readFile(path.join(dir, 'short', 'index.html'), 'utf8');
    expect([...html.matchAll(/<section class="kpi[^"]*" id="([^"]+)"/g)].map((m) => m[1])).toEqual(['revenue-orders', 'customers']);
    expect(html).toContain('<div class="commentary"><h3>Analyst\'s note</h3><p>Revenue rose with the &lt;sale&gt;.</p><p>Email paused.</p></div>');
    const bad = await rapport(['report', 'kpi', '--sections', 'revenue,churn-rate', '--config', 'rapport.config.mjs']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^rapport: report: --sections: unknown section revenue; expected some of revenue-orders, customers, /);
    const missing = await rapport(['report', 'kpi', '--commentary', 'nope.txt', '--config', 'rapport.config.mjs']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('report: --commentary: cannot read nope.txt');
  });

  it('rejects an unknown period or report with exit code 2', async () => {
    const period = await rapport(['report', 'kpi', '--period', 'year', '--config', 'rapport.config.mjs']);
    expect([period.code, period.err]).toEqual([2, 'rapport: report: --period: expected week, month or quarter, got "year" (see rapport report --help)']);
    const report = await rapport(['report', 'sales', '--config', 'rapport.config.mjs']);
    expect([report.code, report.err]).toEqual([2, 'rapport: report: unknown report "sales"; expected: kpi (see rapport report --help)']);
  });

  it('writes the HTML and charts but exits 1 with install advice when --pdf finds no Chromium', async () => {
    const r = await rapport(['report', 'kpi', '--out', 'k', '--pdf', '--config', 'rapport.config.mjs'], { RAPPORT_CHROMIUM: path.join(dir, 'nowhere') });
    expect(r.code).toBe(1);
    expect(r.err).toContain(`rapport: Chromium not found at ${path.join(dir, 'nowhere')}, so report.pdf was not written (the HTML, SVG and PNG files were). Install it with \`apt-get install -y chromium\``);
    expect(existsSync(path.join(dir, 'k', 'index.html'))).toBe(true);
    expect(existsSync(path.join(dir, 'k', 'report.pdf'))).toBe(false);
  });
});
