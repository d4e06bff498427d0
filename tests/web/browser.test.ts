// `rapport serve` end to end in real headless Chromium: sign in, every page, a segment download checked against the
// warehouse, a customer lookup and a run launched from the browser, with no console errors or failed requests.
import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium } from '../../reports/chromium.js';
import { openWarehouse } from '../../warehouse/warehouse.js';
import { hashSecret } from '../../web/auth.js';
import { chromiumForTests } from '../helpers/chromium-for-tests.js';
import { spawnRapport, type Child } from '../helpers/spawn-process.js';
import { webProject, type WebProject } from '../helpers/web-project.js';

const chromium = chromiumForTests('rapport serve browser tests');
let p: WebProject;
let server: Child;
let base: string;
let browser: Browser;
let context: BrowserContext;
let tab: Page;
/** Console errors, page errors, failed requests and error responses since the last `visit`/`settled` check. */
const problems: string[] = [];
/** Requests answered with a file download (Content-Disposition: attachment). */
const attachments = new WeakSet<Request>();

beforeAll(async () => {
  if (!chromium.available) return;
  const [project, b] = await Promise.all([
    hashSecret('correct horse').then((passwordHash) => webProject({ web: { users: [{ name: 'ann', passwordHash }] } })),
    launchChromium(chromium.path),
  ]);
  p = project;
  browser = b;
  server = spawnRapport(['serve', '--port', '0', '--config', p.configFile]);
  base = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(await server.waitFor(/^rapport serve: http:\/\/127\.0\.0\.1:\d+\//, 30_000))![1]!;
  context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  tab = await context.newPage();
  tab.on('console', (m) => { if (m.type() === 'error') problems.push(`console ${m.type()} on ${tab.url()}: ${m.text()}`); });
  tab.on('pageerror', (e) => problems.push(`page error on ${tab.url()}: ${e.message}`));
  tab.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
    if (/^attachment/.test(r.headers()['content-disposition'] ?? '')) attachments.add(r.request());
  });
  tab.on('requestfailed', (r) => {
    // Chromium ends a form POST that turns into a download with ERR_ABORTED: the navigation stops, the file is saved.
    if (attachments.has(r) && r.failure()?.errorText === 'net::ERR_ABORTED') return;
    problems.push(`request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ''}`);
  });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  if (server && server.process.exitCode === null) {
    server.process.kill('SIGTERM');
    await server.exited(10_000);
  }
  await p?.dispose();
});

/** Asserts nothing went wrong in the browser since the last check, then clears the list. */
function settled(where: string): void {
  expect(problems, where).toEqual([]);
  problems.length = 0;
}

/** Opens `path`, waits for the page to load, checks its title and that nothing failed. */
async function visit(path: string, title: RegExp): Promise<void> {
  const res = await tab.goto(base + path, { waitUntil: 'load' });
  expect(res?.status(), path).toBe(200);
  expect(await tab.locator('main h1').textContent(), path).toMatch(title);
  settled(path);
}

describe.skipIf(!chromium.available)('rapport serve in headless Chromium', () => {
  beforeEach(() => { problems.length = 0; }); // a failed test's leftovers are not the next test's problems
  it('signs in and opens every page without console errors or failed requests', async () => {
    await visit('/login', /Sign in/);
    await tab.fill('input[name="user"]', 'ann');
    await tab.fill('input[name="password"]', 'correct horse');
    await Promise.all([tab.waitForURL(`${base}/`), tab.click('form[action="/login"] button')]);
    expect(await tab.locator('header.top').textContent()).toContain('ann');
    expect(await tab.locator('#freshness').textContent()).toMatch(/Data as of \d{4}-\d{2}-\d{2}/);
    const report = tab.frameLocator('iframe.report');
    await report.locator('section').first().waitFor({ timeout: 10_000 });
    expect(await report.locator('section').count()).toBeGreaterThan(5);
    // Under the Content-Security-Policy both style sheets still apply: the page's (by its nonce) and the report's.
    expect(await tab.locator('header.top').evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(29, 36, 51)');
    expect(await report.locator('body').evaluate((e) => getComputedStyle(e).fontFamily)).not.toMatch(/^"?Times/);
    settled('overview');

    await visit('/segments', /^Segments$/);
    const rows = tab.locator('#segments tbody tr');
    expect(await rows.count()).toBeGreaterThan(3);
    expect(await tab.locator('#segments').textContent()).toContain('At Risk');

    await visit('/segments/at-risk', /At Risk/);
    expect(await tab.locator('#members tbody tr').count()).toBeGreaterThan(0);
    await visit('/customer', /^Customer$/);
    await visit('/runs', /^Runs$/);
    expect(await tab.locator('#runs tbody tr').count()).toBeGreaterThan(0);
  });

  it('downloads a segment as CSV with the rows the warehouse holds, and looks one of them up by email', async () => {
    await visit('/segments/at-risk', /At Risk/);
    const [download] = await Promise.all([tab.waitForEvent('download'), tab.click('button[data-kind="plain"][data-format="csv"]')]);
    expect(download.suggestedFilename()).toBe('at-risk.csv');
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true); // Excel-ready: a byte order mark
    const rows = Papa.parse<Record<string, string>>(csv.slice(1).trim(), { header: true }).data;
    // The server opens the warehouse only for the length of a request, so it can be read here once the file arrived.
    const wh = await openWarehouse(p.loaded.warehouse, { readOnly: true });
    try {
      const expected = await wh.all<{ customer_id: string; primary_email: string }>(`SELECT c.customer_id, c.primary_email FROM customer_360 c
        JOIN rfm_segments r USING (customer_id) WHERE r.segment = 'At Risk' AND c.primary_email IS NOT NULL
        AND NOT (c.email_bounced OR c.email_unsubscribed OR c.email_complained) ORDER BY 1`);
      expect(expected.length).toBeGreaterThan(0);
      expect(rows.map((r) => ({ customer_id: r.customer_id, primary_email: r.primary_email }))).toEqual(expected);
      const [recorded] = await wh.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM segment_exports WHERE segment = 'At Risk'`);
      expect(recorded?.n).toBeGreaterThan(0);
    } finally {
      wh.close();
    }
    settled('download');

    const { customer_id: id, primary_email: email } = rows[0]!;
    await visit('/customer', /^Customer$/);
    await tab.fill('input[name="q"]', email!.toUpperCase());
    await Promise.all([tab.waitForURL(`${base}/customer/${id}`), tab.click('form[action="/customer"] button.primary')]);
    expect(await tab.locator('main h1').textContent()).toBe(`Customer ${id}`);
    expect(await tab.locator('#profile').textContent()).toContain(email);
    expect(await tab.locator('#identities').textContent()).toContain(email);
    expect(await tab.locator('#rfm').textContent()).toContain('At Risk');
    settled('customer profile');
  });

  it('starts a run after confirmation and follows it until it succeeds', async () => {
    await visit('/runs', /^Runs$/);
    const before = await tab.locator('#runs tbody tr').count();
    await tab.selectOption('select[name="pipeline"]', 'daily');
    await Promise.all([tab.waitForURL(`${base}/runs/start`), tab.click('form[action="/runs/start"] button')]);
    expect(await tab.locator('main h1').textContent()).toBe('Start a run?');
    await Promise.all([tab.waitForURL(/\/runs\/live\/[0-9a-f]+$/), tab.click('#confirm-run')]);
    const deadline = Date.now() + 60_000;
    let status = '';
    while (Date.now() < deadline) {
      // The live page reloads itself every second, so a read can land mid-navigation: retry on the next round.
      status = (await tab.locator('#live-status strong').textContent({ timeout: 2000 }).catch(() => '')) ?? '';
      if (status && status !== 'running') break;
      await tab.waitForTimeout(500);
    }
    expect(status).toBe('success');
    expect(await tab.locator('#live-steps li').count()).toBeGreaterThan(5);
    expect(await tab.locator('#live-steps').textContent()).not.toContain('✗');
    settled('live run');

    await visit('/runs', /^Runs$/);
    expect(await tab.locator('#runs tbody tr').count()).toBe(before + 1);
    expect(await tab.locator('#runs tbody tr').first().locator('td.ok').textContent()).toBe('success');
  }, 90_000);
});
